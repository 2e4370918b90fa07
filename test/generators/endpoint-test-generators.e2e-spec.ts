import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

/**
 * The modules the suite adds endpoints to, generated first in the copy: `bulletins` has a title,
 * a body and a status like the reference's articles; `remarks` belong to a bulletin (their factory
 * takes its id, so their specs create one first); `sample-invoices` has a unique number.
 */
const BULLETINS_MODULE = [
  'module',
  'bulletins',
  '--fields',
  'title:string(200) body:text status:enum(draft,published,archived)=draft',
] as const;
const REMARKS_MODULE = [
  'module',
  'remarks',
  '--fields',
  'body:text author:string(80) bulletin:ref(bulletins)',
] as const;
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

/** Endpoints added to the generated modules, one per kind of generated behaviour. */
const ENDPOINTS = [
  ['bulletins', 'post', '/:id/publish'],
  ['bulletins', 'get', '/stats'],
  ['bulletins', 'delete', '/:id/tags'],
  ['sample-invoices', 'put', '/:id/sent'],
  ['bulletins', 'patch', '/:id/title', '--body', 'title:string(200)'],
  ['bulletins', 'get', '/status-count', '--query', 'status:enum(draft,published,archived)=draft'],
  ['sample-invoices', 'post', '/:id/schedule', '--body', 'dueAt:date? status:enum(draft,sent,paid)=draft'],
  ['sample-invoices', 'get', '/stats', '--query', 'number:string(30):unique status:enum(draft,sent,paid)=draft'],
  ['people', 'post', '/:id/deactivate', '--body', 'active:boolean'],
  // Remarks need a bulletin first (their factory takes its id); a unique column's type taken from the entity.
  ['remarks', 'get', '/stats'],
  ['remarks', 'get', '/:id/preview'],
  ['remarks', 'post', '/:id/edit', '--body', 'body:text author'],
  ['sample-invoices', 'post', '/:id/renumber', '--body', 'number'],
  // A relation key: set (an unknown bulletin is the module's 422) and filtered by.
  ['remarks', 'post', '/:id/move', '--body', 'bulletinId:uuid'],
  ['remarks', 'get', '/in-bulletin', '--query', 'bulletinId:uuid'],
] as const;

/** Request DTOs the `--body` and `--query` endpoints above write; their text is golden. */
const GENERATED_DTOS = [
  'src/modules/sample-invoices/dto/schedule-sample-invoice.dto.ts',
  'src/modules/sample-invoices/dto/get-stats-sample-invoices-query.dto.ts',
  'src/modules/people/dto/deactivate-person.dto.ts',
];

/**
 * The spec `test` writes for the template's own auth controller (its hand-written spec removed
 * first), whose logout ends the caller's session: the cases after it in the file pass only if it
 * ends a session of its own.
 */
const AUTH_SPEC = 'test/e2e/auth.e2e-spec.ts';

/** Specs the generators write; each must pass in the copy on its first run. */
const GENERATED_SPECS = [
  'test/e2e/bulletins-publish.e2e-spec.ts',
  'test/e2e/bulletins-get-stats.e2e-spec.ts',
  'test/e2e/bulletins-delete-tags.e2e-spec.ts',
  'test/e2e/bulletins.e2e-spec.ts',
  'src/modules/bulletins/bulletins.service.spec.ts',
  'test/e2e/sample-invoices-put-sent.e2e-spec.ts',
  'src/modules/sample-invoices/sample-invoices.service.spec.ts',
  'test/e2e/bulletins-patch-title.e2e-spec.ts',
  'test/e2e/bulletins-get-status-count.e2e-spec.ts',
  'test/e2e/sample-invoices-schedule.e2e-spec.ts',
  'test/e2e/sample-invoices-get-stats.e2e-spec.ts',
  'test/e2e/people-deactivate.e2e-spec.ts',
  'test/e2e/remarks-get-stats.e2e-spec.ts',
  'test/e2e/remarks-get-preview.e2e-spec.ts',
  'test/e2e/remarks-edit.e2e-spec.ts',
  'test/e2e/sample-invoices-renumber.e2e-spec.ts',
  'test/e2e/remarks-move.e2e-spec.ts',
  'test/e2e/remarks-get-in-bulletin.e2e-spec.ts',
  AUTH_SPEC,
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
 * The `endpoint` and `test` generator contract: in a copy of the repository, generate modules,
 * add endpoints to them, regenerate the specs of one (its own removed first), then the copy must
 * type-check, lint, format, and the generated tests must pass against the test PostgreSQL (the
 * copy's Jest setup applies the generated migrations). Only generated modules are used, so the
 * suite stays after `init --without-examples`.
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
    await copy.generateAll([BULLETINS_MODULE, REMARKS_MODULE, GENERATED_MODULE, PEOPLE_MODULE], adminUrl);
    filesBeforeDryRun = await copy.listFiles();
    // As its own `npm run gen` process: the golden text is what a developer sees.
    goldenDryRun = await copy.runCli(['endpoint', ...ENDPOINTS[0], '--dry-run'], adminUrl);
    filesAfterDryRun = await copy.listFiles();
    await copy.generateAll(
      ENDPOINTS.map((endpoint) => ['endpoint', ...endpoint]),
      adminUrl,
    );
    await rm(join(copy.root, 'test/e2e/bulletins.e2e-spec.ts'));
    await rm(join(copy.root, 'src/modules/bulletins/bulletins.service.spec.ts'));
    await rm(join(copy.root, 'src/modules/sample-invoices/sample-invoices.service.spec.ts'));
    await rm(join(copy.root, AUTH_SPEC));
    await copy.generateAll(
      [
        ['test', 'src/modules/bulletins/bulletins.controller.ts'],
        ['test', 'src/modules/bulletins/bulletins.service.ts'],
        ['test', 'src/modules/sample-invoices/sample-invoices.service.ts'],
        ['test', 'src/modules/auth/auth.controller.ts'],
      ],
      adminUrl,
    );
    await writeFile(join(copy.root, CONTROLLER_WITHOUT_ENTITY_CASES.path), CONTROLLER_WITHOUT_ENTITY_CASES.source);
    await copy.generateAll([['test', CONTROLLER_WITHOUT_ENTITY_CASES.path]], adminUrl);
    // Some 30 generator runs in sequence, each ts-morph, Prettier and a scratch database.
  }, 480_000);

  afterAll(async () => {
    await copy.remove();
  });

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
    const spec = await copy.read(CONTROLLER_WITHOUT_ENTITY_CASES.spec);

    expect(spec).toContain('buildSampleInvoice()');
    expect(spec).not.toContain('createOne');
  });

  it("calls a route that may end the caller's session with a session of its own", async () => {
    const spec = await copy.read(AUTH_SPEC);
    const logout = spec.slice(
      spec.indexOf("describe('POST /v1/auth/logout'"),
      spec.indexOf("describe('GET /v1/auth/me'"),
    );

    expect(logout).toContain("const headers = await authHeader(testApp.app, { role: 'admin' });");
    expect(logout).toContain("testApp.request('POST', `${BASE}/logout`, undefined, headers)");
  });

  it('shows the diffs on --dry-run and writes nothing', () => {
    expect(goldenDryRun.code).toBe(0);
    expect(filesAfterDryRun).toEqual(filesBeforeDryRun);
  });

  it('matches the golden output for a fixed endpoint', async () => {
    expect(goldenDryRun.output).toMatchSnapshot('dry run: controller and service diffs');
    expect(await copy.read(GENERATED_SPECS[0]!)).toMatchSnapshot('e2e spec');
  });

  it('matches the golden request DTOs and service method of --body and --query', async () => {
    for (const dto of GENERATED_DTOS) expect(await copy.read(dto)).toMatchSnapshot(dto);
    const service = await copy.read('src/modules/sample-invoices/sample-invoices.service.ts');
    const start = service.indexOf('  async schedule(');
    expect(service.slice(start, service.indexOf('\n}\n', start))).toMatchSnapshot('service: schedule and getStats');
  });

  it('creates the parent first in the spec of a module whose factory takes its id', async () => {
    expect(await copy.read('test/e2e/remarks-edit.e2e-spec.ts')).toMatchSnapshot('remarks edit e2e spec');
  });

  it('sets a relation key through the repository that maps its unknown row to the 422, documented', async () => {
    expect(await copy.read('test/e2e/remarks-move.e2e-spec.ts')).toMatchSnapshot('remarks move e2e spec');
    expect(await copy.read('src/modules/remarks/remarks.controller.ts')).toContain(
      '@ApiProblemResponses(400, 404, 409, 422)\n  async move(',
    );
  });

  // Concurrently: every case must leave the tree as it found it, so they cannot disturb each other.
  it.concurrent.each([
    [['endpoint', 'orders', 'get', '/stats'], /module "orders" does not exist/],
    [['endpoint', 'Bulletins', 'get', '/stats'], /did you mean "bulletins"/],
    [['endpoint', 'bulletins', 'fetch', '/stats'], /method must be one of get, post, put, patch, delete/],
    [['endpoint', 'bulletins', 'get', 'stats'], /must start with "\/"/],
    [['endpoint', 'bulletins', 'get', '/Stats'], /segment "Stats" must be kebab-case/],
    [['endpoint', 'bulletins', 'get', '/:bulletin_id'], /parameter ":bulletin_id" must be camelCase/],
    [['endpoint', 'bulletins', 'get', '/by-slug/:slug'], /only a leading :id/],
    [['endpoint', 'bulletins', 'get', '/:id'], /already serves GET \/:id \(method get\)/],
    [['endpoint', 'bulletins', 'post', '/:id/publish'], /already serves POST \/:id\/publish/],
    [['endpoint', 'bulletins', 'post', '/:id/release', '--name', 'publish'], /already has a member "publish"/],
    [['endpoint', 'bulletins', 'get', '/:id/x', '--body', 'title:string(200)'], /--body needs a POST, PUT or PATCH/],
    [['endpoint', 'bulletins', 'post', '/bulk', '--body', 'title:string(200)'], /--body needs a \/:id\/… route/],
    [['endpoint', 'bulletins', 'get', '/:id/x', '--query', 'status:boolean'], /--query needs a collection GET route/],
    [
      ['endpoint', 'bulletins', 'post', '/:id/x', '--body', 'title:string(100)'],
      /title: the column bulletins\.title is string\(200\): write `title:string` or `title:string\(200\)`/,
    ],
    [
      ['endpoint', 'people', 'post', '/:id/reactivate', '--body', 'active:boolean=false'],
      /active: the column people\.active is boolean with default true: write `active:boolean` or `active:boolean=true`/,
    ],
    [
      ['endpoint', 'remarks', 'post', '/:id/x', '--body', 'bulletin:ref(bulletins)'],
      /bulletin: an endpoint does not declare relations .*: it sets and filters the key of bulletin, write `bulletinId:uuid`/,
    ],
    [['endpoint', 'bulletins', 'post', '/:id/x', '--body', 'writer:string'], /writer: no such property/],
    [['endpoint', 'bulletins', 'get', '/count', '--query', 'title:string(200)'], /title: string fields filter only/],
    [['test', 'src/modules/bulletins/bulletins.service.ts'], /bulletins\.service\.spec\.ts already exists/],
    [
      ['test', 'src/modules/bulletins/bulletins.errors.ts'],
      /no class decorated with @Injectable\(\) or @Controller\(\)/,
    ],
    [['test', 'src/modules/bulletins/missing.ts'], /does not exist/],
    [
      ['test', 'src/modules/bulletins/bulletins.repository.ts'],
      /injects a TypeORM repository.*npm run gen -- test src\/modules\/bulletins\/bulletins\.controller\.ts/s,
    ],
  ])(
    'rejects %j with a clear message and writes nothing',
    async (args, message) => {
      await copy.expectRefusal(args, adminUrl, message);
    },
    60_000,
  );
});
