import { createTwoFilesPatch } from 'diff';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { databaseUrl, TEST_ADMIN_URL_VARIABLE, withAdminClient } from '../utils/test-database';
import { RepositoryCopy } from './support/repository-copy';

const REPOSITORY = join(__dirname, '..', '..');
const SWC = ['-r', '@swc-node/register'];

/** Every type the field generator supports on an existing table, and each way a row gets a value. */
const FIELDS =
  'subtitle:string(200)? readingMinutes:int(1..600)=5 reviewedAt:datetime? category:enum(news,guide)=news ' +
  'price:decimal(10,2)? labels:string[](30) ownerId:uuid?:index featured:boolean=false startsOn:date=2026-01-01 ' +
  'meta:json? checkedAt:datetime=now';
/** A module from the module generator, extended the same way. */
const GENERATED_MODULE = {
  name: 'sample-invoices',
  fields: 'number:string(30):unique total:decimal(12,2) status:enum(draft,sent,paid)=draft',
  added:
    'note:text(2000)? paid:boolean=false customerId:uuid?:index dueInDays:int(0..365)=30 reference:string(40)?:unique',
} as const;
const COLLIDING = 'cursor:uuid? order:int?:index';
const NEW_SPEC =
  'test/e2e/articles-subtitle-reading-minutes-reviewed-at-category-price-labels-owner-id-featured-starts-on-meta-checked-at.e2e-spec.ts';

/**
 * The field generator's contract: in a copy of the repository, add fields to the reference module;
 * the result must type-check, lint, format, migrate up and down over existing rows, and pass the
 * module's tests and the generated ones. Bad input must leave the tree untouched.
 */
describe('field generator contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;
  let generated: readonly string[];

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    const before = await copy.listFiles();
    const outcome = await copy.generate(['field', 'articles', '--fields', FIELDS], adminUrl);
    if (outcome.code !== 0) throw new Error(`generating fields failed:\n${outcome.output}`);
    const after = await copy.listFiles();
    generated = after.filter((file) => !before.includes(file)).map((file) => relative(copy.root, file));
    const { name, fields, added } = GENERATED_MODULE;
    for (const args of [
      ['module', name, '--fields', fields],
      ['field', name, '--fields', added],
      // A list parameter and an SQL reserved word as new fields: both work, `cursor` without a filter.
      ['field', name, '--fields', COLLIDING],
    ]) {
      const step = await copy.generate(args, adminUrl);
      if (step.code !== 0) throw new Error(`${args.join(' ')} failed:\n${step.output}`);
    }
  }, 120_000);

  afterAll(async () => {
    await copy.remove();
  });

  it('emits code that type-checks, lints and is formatted', async () => {
    for (const check of await copy.staticChecks()) expect(check).toMatchObject({ code: 0 });
  }, 180_000);

  it('adds the columns to a table that has rows, with their defaults, and removes them again', async () => {
    const name = `field_generator_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = databaseUrl(adminUrl, name);
    const migrate = (): Promise<unknown> => copy.node([...SWC, 'src/migrate.ts'], { DATABASE_URL: url });
    const revert = (): Promise<unknown> =>
      copy.node([...SWC, 'node_modules/typeorm/cli.js', 'migration:revert', '-d', 'src/core/database/data-source.ts'], {
        DATABASE_URL: url,
      });
    // Newest first: the generated module's two field migrations, its table, then the articles fields.
    const revertGeneratedModule = async (): Promise<void> => {
      expect(await revert()).toMatchObject({ code: 0 });
      expect(await revert()).toMatchObject({ code: 0 });
      expect(await revert()).toMatchObject({ code: 0 });
    };
    try {
      expect(await migrate()).toMatchObject({ code: 0 });
      await revertGeneratedModule();
      expect(await revert()).toMatchObject({ code: 0 });
      await withAdminClient(url, (client) =>
        client.query(
          "INSERT INTO articles (slug, title, body, version) VALUES ('existing', 'Existing', 'Written before', 1)",
        ),
      );

      expect(await migrate()).toMatchObject({ code: 0 });
      const [row] = await withAdminClient(url, async (client) => {
        const result = await client.query(
          'SELECT subtitle, reading_minutes, category, labels, featured, price, starts_on::text, meta, ' +
            'checked_at IS NOT NULL AS checked FROM articles',
        );
        return result.rows as unknown[];
      });
      expect(row).toEqual({
        subtitle: null,
        reading_minutes: 5,
        category: 'news',
        labels: [],
        featured: false,
        price: null,
        starts_on: '2026-01-01',
        meta: null,
        checked: true,
      });

      await revertGeneratedModule();
      expect(await revert()).toMatchObject({ code: 0 });
      expect(await articleColumns(url)).not.toContain('reading_minutes');
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }, 120_000);

  it("passes the modules' unit and e2e specs, the generated specs and the OpenAPI check", async () => {
    expect(generated).toContain(NEW_SPEC);

    const outcome = await copy.node(
      [
        'node_modules/jest/bin/jest.js',
        '--ci',
        'src/modules/articles',
        'test/e2e/articles',
        `src/modules/${GENERATED_MODULE.name}`,
        `test/e2e/${GENERATED_MODULE.name}`,
        // The OpenAPI document check now covers the new properties and filters.
        'test/e2e/openapi.e2e-spec.ts',
      ],
      { DATABASE_URL: adminUrl },
    );

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toMatch(/Tests: +\d+ passed, \d+ total/);
  }, 180_000);

  it('matches the golden diff for a fixed spec', async () => {
    const edited = [
      'src/modules/articles/article.entity.ts',
      'src/modules/articles/dto/create-article.dto.ts',
      'src/modules/articles/dto/article-response.dto.ts',
      'src/modules/articles/articles.mapper.ts',
      'src/modules/articles/articles.repository.ts',
      'src/modules/articles/articles.service.ts',
      'test/factories/article.factory.ts',
    ];
    for (const path of edited) {
      const before = await readFile(join(REPOSITORY, path), 'utf8');
      const after = await readFile(join(copy.root, path), 'utf8');
      expect(createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after)).toMatchSnapshot(path);
    }
    const migration = generated.find((path) => path.endsWith('ToArticles.ts'))!;
    expect(migration).toMatch(/^src\/migrations\/\d{13}-AddSubtitleReadingMinutes\w+ToArticles\.ts$/);
    const migrationText = await readFile(join(copy.root, migration), 'utf8');
    expect(migrationText.replace(/\d{13}/g, '<timestamp>')).toMatchSnapshot('migration');
    expect(await readFile(join(copy.root, NEW_SPEC), 'utf8')).toMatchSnapshot('e2e spec');
  });

  it.each([
    [['field', 'widgets', '--fields', 'size:int?'], /module "widgets" does not exist/],
    [['field', 'Articles', '--fields', 'size:int?'], /did you mean "articles"/],
    [['field', 'articles', '--fields', 'subtitle:text?'], /field "subtitle" already exists/],
    [['field', 'articles', '--fields', 'title:text?'], /field "title" already exists/],
    [['field', 'articles', '--fields', 'rating:int(1..5)'], /required field "rating" needs a default/],
    [['field', 'articles', '--fields', 'isbn:string(20)?:unique'], /cannot add unique field\(s\) isbn/],
    [['field', 'articles', '--fields', 'size:integr?'], /unknown type "integr"/],
    [['field', 'articles'], /missing fields/],
    [['field', 'articles', '--fields', 'owner:ref(owners)?'], /module "owners" does not exist/],
  ])('rejects %j with a clear message and writes nothing', async (args, message) => {
    await copy.expectRefusal(args, adminUrl, message);
  });

  it('writes nothing on --dry-run and shows the diffs', async () => {
    const before = await copy.listFiles();

    const outcome = await copy.generate(['field', 'articles', '--fields', 'wordCount:int?', '--dry-run'], adminUrl);

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toMatch(/create {2}src\/migrations\/\d{13}-AddWordCountToArticles\.ts/);
    expect(outcome.output).toContain('+  wordCount!: number | null;');
    expect(await copy.listFiles()).toEqual(before);
  }, 60_000);
});

async function articleColumns(url: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const result = await client.query<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'articles'",
    );
    return result.rows.map((row) => row.name);
  });
}
