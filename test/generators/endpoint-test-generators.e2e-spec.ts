import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

/** A module the `module` generator writes in the copy: the generators must work on any module in the layout. */
const GENERATED_MODULE = [
  'module',
  'sample-invoices',
  '--fields',
  'number:string(30):unique total:decimal(12,2) dueAt:date? status:enum(draft,sent,paid)=draft',
] as const;

/**
 * Issue 15's finding: a column with a default. `--body "active:boolean"` must not have to repeat
 * the default; what the spec leaves out comes from the entity.
 */
const PEOPLE_MODULE = ['module', 'people', '--fields', 'name:string(80) active:boolean=true'] as const;

/** Endpoints added to the reference module (one per kind of generated behaviour) and to the generated one. */
const ENDPOINTS = [
  ['articles', 'post', '/:id/publish'],
  ['articles', 'get', '/stats'],
  ['articles', 'delete', '/:id/tags'],
  ['sample-invoices', 'put', '/:id/sent'],
  ['articles', 'patch', '/:id/title', '--body', 'title:string(200)'],
  ['articles', 'get', '/status-count', '--query', 'status:enum(draft,published,archived)=draft'],
  ['sample-invoices', 'post', '/:id/schedule', '--body', 'dueAt:date? status:enum(draft,sent,paid)=draft'],
  ['sample-invoices', 'get', '/stats', '--query', 'number:string(30):unique status:enum(draft,sent,paid)=draft'],
  ['people', 'post', '/:id/deactivate', '--body', 'active:boolean'],
  // The relation modules: comments need an article first (their factory takes its id), comments'
  // `get` returns `Comment` rather than the entity, topics' name is unique (taken from the entity).
  ['comments', 'get', '/stats'],
  ['comments', 'get', '/:id/preview'],
  ['comments', 'post', '/:id/edit', '--body', 'body:text author'],
  ['topics', 'post', '/:id/archive', '--body', 'name'],
] as const;

/** Request DTOs the `--body` and `--query` endpoints above write; their text is golden. */
const GENERATED_DTOS = [
  'src/modules/sample-invoices/dto/schedule-sample-invoice.dto.ts',
  'src/modules/sample-invoices/dto/get-stats-sample-invoices-query.dto.ts',
  'src/modules/people/dto/deactivate-person.dto.ts',
];

/** Specs the generators write; each must pass in the copy on its first run. */
const GENERATED_SPECS = [
  'test/e2e/articles-publish.e2e-spec.ts',
  'test/e2e/articles-get-stats.e2e-spec.ts',
  'test/e2e/articles-delete-tags.e2e-spec.ts',
  'test/e2e/articles.e2e-spec.ts',
  'src/modules/articles/articles.service.spec.ts',
  'test/e2e/sample-invoices-put-sent.e2e-spec.ts',
  'src/modules/sample-invoices/sample-invoices.service.spec.ts',
  'test/e2e/articles-patch-title.e2e-spec.ts',
  'test/e2e/articles-get-status-count.e2e-spec.ts',
  'test/e2e/sample-invoices-schedule.e2e-spec.ts',
  'test/e2e/sample-invoices-get-stats.e2e-spec.ts',
  'test/e2e/people-deactivate.e2e-spec.ts',
  'test/e2e/comments-get-stats.e2e-spec.ts',
  'test/e2e/comments-get-preview.e2e-spec.ts',
  'test/e2e/comments-edit.e2e-spec.ts',
  'test/e2e/topics-archive.e2e-spec.ts',
];

/**
 * A controller that creates but has no `/:id` route without a body: no case of its generated spec
 * needs an existing entity, so the spec must not declare the `createOne` helper (lint fails on an
 * unused local). Written into the copy only; the static checks cover its spec.
 */
const CONTROLLER_WITHOUT_ENTITY_CASES = {
  path: 'src/modules/sample-invoices/sample-invoice-drafts.controller.ts',
  spec: 'test/e2e/sample-invoice-drafts.e2e-spec.ts',
  source: `import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { IdParamsDto } from '../../common/dto';
import { CreateSampleInvoiceDto } from './dto/create-sample-invoice.dto';
import { UpdateSampleInvoiceDto } from './dto/update-sample-invoice.dto';

@Controller({ path: 'sample-invoice-drafts', version: '1' })
export class SampleInvoiceDraftsController {
  @Post()
  create(@Body() dto: CreateSampleInvoiceDto): CreateSampleInvoiceDto {
    return dto;
  }

  @Patch(':id')
  update(@Param() params: IdParamsDto, @Body() dto: UpdateSampleInvoiceDto): { id: string; version: number } {
    return { id: params.id, version: dto.version };
  }
}
`,
} as const;

/**
 * The `endpoint` and `test` generator contract: in a copy of the repository, add endpoints to
 * articles and to a freshly generated module, regenerate articles' specs (the hand-written ones
 * removed first), then the copy must type-check, lint, format, and the generated tests must pass
 * against the test PostgreSQL (the copy's Jest setup applies the generated migration).
 */
describe('endpoint and test generators contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;
  let goldenDryRun: Outcome;
  let filesBeforeDryRun: string[];
  let filesAfterDryRun: string[];

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    filesBeforeDryRun = await copy.listFiles();
    goldenDryRun = await generate(['endpoint', ...ENDPOINTS[0], '--dry-run']);
    filesAfterDryRun = await copy.listFiles();
    await expectGenerated(GENERATED_MODULE);
    await expectGenerated(PEOPLE_MODULE);
    for (const endpoint of ENDPOINTS) await expectGenerated(['endpoint', ...endpoint]);
    await rm(join(copy.root, 'test/e2e/articles.e2e-spec.ts'));
    await rm(join(copy.root, 'src/modules/articles/articles.service.spec.ts'));
    await rm(join(copy.root, 'src/modules/sample-invoices/sample-invoices.service.spec.ts'));
    for (const target of ['controller', 'service']) {
      await expectGenerated(['test', `src/modules/articles/articles.${target}.ts`]);
    }
    await expectGenerated(['test', 'src/modules/sample-invoices/sample-invoices.service.ts']);
    await writeFile(join(copy.root, CONTROLLER_WITHOUT_ENTITY_CASES.path), CONTROLLER_WITHOUT_ENTITY_CASES.source);
    await expectGenerated(['test', CONTROLLER_WITHOUT_ENTITY_CASES.path]);
    // Some 25 generator runs in sequence, each a Node.js start plus ts-morph and Prettier.
  }, 300_000);

  afterAll(async () => {
    await copy.remove();
  });

  function generate(args: readonly string[]): Promise<Outcome> {
    return copy.generate(args, adminUrl);
  }

  async function expectGenerated(args: readonly string[]): Promise<void> {
    const outcome = await generate(args);
    if (outcome.code !== 0) throw new Error(`${args.join(' ')} failed:\n${outcome.output}`);
  }

  it('emits code that type-checks, lints and is formatted', async () => {
    for (const check of await copy.staticChecks()) expect(check).toMatchObject({ code: 0 });
  }, 180_000);

  it('emits tests that pass on their first run', async () => {
    const outcome = await copy.node(['node_modules/jest/bin/jest.js', '--ci', ...GENERATED_SPECS], {
      DATABASE_URL: adminUrl,
    });

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toMatch(new RegExp(`Test Suites: ${GENERATED_SPECS.length} passed`));
  }, 180_000);

  it('declares no test helper that no case of the spec calls', async () => {
    const spec = await readFile(join(copy.root, CONTROLLER_WITHOUT_ENTITY_CASES.spec), 'utf8');

    expect(spec).toContain('buildSampleInvoice()');
    expect(spec).not.toContain('createOne');
  });

  it('shows the diffs on --dry-run and writes nothing', () => {
    expect(goldenDryRun.code).toBe(0);
    expect(filesAfterDryRun).toEqual(filesBeforeDryRun);
  });

  it('matches the golden output for a fixed endpoint', async () => {
    expect(goldenDryRun.output).toMatchSnapshot('dry run: controller and service diffs');
    expect(await readFile(join(copy.root, GENERATED_SPECS[0]!), 'utf8')).toMatchSnapshot('e2e spec');
  });

  it('matches the golden request DTOs and service method of --body and --query', async () => {
    for (const dto of GENERATED_DTOS) expect(await readFile(join(copy.root, dto), 'utf8')).toMatchSnapshot(dto);
    const service = await readFile(join(copy.root, 'src/modules/sample-invoices/sample-invoices.service.ts'), 'utf8');
    const start = service.indexOf('  async schedule(');
    expect(service.slice(start, service.indexOf('\n}\n', start))).toMatchSnapshot('service: schedule and getStats');
  });

  it('creates the parent first in the spec of a module whose factory takes its id', async () => {
    expect(await readFile(join(copy.root, 'test/e2e/comments-edit.e2e-spec.ts'), 'utf8')).toMatchSnapshot(
      'comments edit e2e spec',
    );
  });

  // Concurrently: every case must leave the tree as it found it, so they cannot disturb each other.
  it.concurrent.each([
    [['endpoint', 'orders', 'get', '/stats'], /module "orders" does not exist/],
    [['endpoint', 'Articles', 'get', '/stats'], /did you mean "articles"/],
    [['endpoint', 'articles', 'fetch', '/stats'], /method must be one of get, post, put, patch, delete/],
    [['endpoint', 'articles', 'get', 'stats'], /must start with "\/"/],
    [['endpoint', 'articles', 'get', '/Stats'], /segment "Stats" must be kebab-case/],
    [['endpoint', 'articles', 'get', '/:article_id'], /parameter ":article_id" must be camelCase/],
    [['endpoint', 'articles', 'get', '/by-slug/:slug'], /only a leading :id/],
    [['endpoint', 'articles', 'get', '/:id'], /already serves GET \/:id \(method get\)/],
    [['endpoint', 'articles', 'post', '/:id/publish'], /already serves POST \/:id\/publish/],
    [['endpoint', 'articles', 'post', '/:id/release', '--name', 'publish'], /already has a member "publish"/],
    [['endpoint', 'articles', 'get', '/:id/x', '--body', 'title:string(200)'], /--body needs a POST, PUT or PATCH/],
    [['endpoint', 'articles', 'post', '/bulk', '--body', 'title:string(200)'], /--body needs a \/:id\/… route/],
    [['endpoint', 'articles', 'get', '/:id/x', '--query', 'status:boolean'], /--query needs a collection GET route/],
    [
      ['endpoint', 'articles', 'post', '/:id/x', '--body', 'title:string(100)'],
      /title: the column articles\.title is string\(200\): write `title:string` or `title:string\(200\)`/,
    ],
    [
      ['endpoint', 'people', 'post', '/:id/reactivate', '--body', 'active:boolean=false'],
      /active: the column people\.active is boolean with default true: write `active:boolean` or `active:boolean=true`/,
    ],
    [
      ['endpoint', 'comments', 'get', '/by-article', '--query', 'articleId:uuid'],
      /articleId: the foreign key of the relation article \(@ManyToOne\)/,
    ],
    [['endpoint', 'articles', 'post', '/:id/x', '--body', 'writer:string'], /writer: no such property/],
    [['endpoint', 'articles', 'get', '/count', '--query', 'title:string(200)'], /title: string fields filter only/],
    [['test', 'src/modules/articles/articles.service.ts'], /articles\.service\.spec\.ts already exists/],
    [['test', 'src/modules/articles/articles.errors.ts'], /no class decorated with @Injectable\(\) or @Controller\(\)/],
    [['test', 'src/modules/articles/missing.ts'], /does not exist/],
    [
      ['test', 'src/modules/articles/articles.repository.ts'],
      /injects a TypeORM repository.*npm run gen -- test src\/modules\/articles\/articles\.controller\.ts/s,
    ],
  ])(
    'rejects %j with a clear message and writes nothing',
    async (args, message) => {
      await copy.expectRefusal(args, adminUrl, message);
    },
    60_000,
  );
});
