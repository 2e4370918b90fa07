import { createTwoFilesPatch } from 'diff';
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { databaseUrl, TEST_ADMIN_URL_VARIABLE, withAdminClient } from '../utils/test-database';
import { EVERY_FIELD_TYPE } from './support/field-specs';
import { RepositoryCopy } from './support/repository-copy';

const SWC = ['-r', '@swc-node/register'];

/**
 * The module the suite adds fields to, generated first in the copy: a title, a body and a status
 * filter like the reference's articles, and no unique field (its repository maps no constraint,
 * so adding one is refused).
 */
const FIXTURE = {
  name: 'notebooks',
  fields: 'title:string(200) body:text status:enum(draft,published,archived)=draft',
} as const;
/** The fixture's files the field generator edits; the golden diffs compare them before and after. */
const EDITED = [
  'src/modules/notebooks/notebook.entity.ts',
  'src/modules/notebooks/dto/create-notebook.dto.ts',
  'src/modules/notebooks/dto/list-notebooks-query.dto.ts',
  'src/modules/notebooks/dto/notebook-response.dto.ts',
  'src/modules/notebooks/notebooks.mapper.ts',
  'src/modules/notebooks/notebooks.repository.ts',
  'src/modules/notebooks/notebooks.service.ts',
  'test/factories/notebook.factory.ts',
];
/** A second module, with a unique field (its repository maps constraints), extended the same way. */
const GENERATED_MODULE = {
  name: 'sample-invoices',
  fields: 'number:string(30):unique total:decimal(12,2) status:enum(draft,sent,paid)=draft',
  added:
    'note:text(2000)? paid:boolean=false customerId:uuid?:index dueInDays:int(0..365)=30 reference:string(40)?:unique',
} as const;
const COLLIDING = 'cursor:uuid? order:int?:index';
const NEW_SPEC =
  'test/e2e/notebooks-subtitle-reading-minutes-reviewed-at-category-price-labels-owner-id-featured-starts-on-meta-checked-at.e2e-spec.ts';

/**
 * The field generator's contract: in a copy of the repository, generate a module, then add fields
 * to it and to a second one; the result must type-check, lint, format, keep the architecture,
 * pass Spectral, migrate up and down over existing rows, and pass the modules' tests and the
 * generated ones. Bad input must leave the tree untouched. Only generated modules are used, so
 * the suite stays after `init --without-examples`; editing the hand-written reference is checked
 * by reference-module-edits.e2e-spec.ts.
 */
describe('field generator contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;
  let generated: readonly string[];
  /** The text of each file of EDITED as the module generator wrote it. */
  let fixture: ReadonlyMap<string, string>;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    await copy.generateAll([['module', FIXTURE.name, '--fields', FIXTURE.fields]], adminUrl);
    fixture = new Map(await Promise.all(EDITED.map(async (path) => [path, await copy.read(path)] as const)));
    const before = await copy.listFiles();
    await copy.generateAll([['field', FIXTURE.name, '--fields', EVERY_FIELD_TYPE]], adminUrl);
    const after = await copy.listFiles();
    generated = after.filter((file) => !before.includes(file)).map((file) => relative(copy.root, file));
    const { name, fields, added } = GENERATED_MODULE;
    await copy.generateAll(
      [
        ['module', name, '--fields', fields],
        ['field', name, '--fields', added],
        // A list parameter and an SQL reserved word as new fields: both work, `cursor` without a filter.
        ['field', name, '--fields', COLLIDING],
      ],
      adminUrl,
    );
  }, 150_000);

  afterAll(async () => {
    await copy.remove();
  });

  it("type-checks, lints, is formatted, keeps the architecture, passes Spectral, the modules' specs and the generated ones", async () => {
    expect(generated).toContain(NEW_SPEC);

    const failed = await copy.checkGenerated(
      ['src/modules', 'src/migrations', 'test/e2e', 'test/factories'],
      [
        `src/modules/${FIXTURE.name}`,
        `test/e2e/${FIXTURE.name}`,
        `src/modules/${GENERATED_MODULE.name}`,
        `test/e2e/${GENERATED_MODULE.name}`,
        // The OpenAPI document check covers the new properties and filters (it goes with the
        // examples, whose routes it checks too; Spectral above stays).
        'test/e2e/openapi.e2e-spec.ts',
      ],
      adminUrl,
    );

    expect(failed).toEqual([]);
  }, 300_000);

  it('adds the columns to a table that has rows, with their defaults, and removes them again', async () => {
    const name = `field_generator_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = databaseUrl(adminUrl, name);
    const migrate = (): Promise<unknown> => copy.node([...SWC, 'src/migrate.ts'], { DATABASE_URL: url });
    const revert = (): Promise<unknown> =>
      copy.node([...SWC, 'node_modules/typeorm/cli.js', 'migration:revert', '-d', 'src/core/database/data-source.ts'], {
        DATABASE_URL: url,
      });
    // Newest first: the second module's two field migrations and its table, then the fixture's fields.
    const revertAddedFields = async (): Promise<void> => {
      for (let step = 0; step < 4; step += 1) expect(await revert()).toMatchObject({ code: 0 });
    };
    try {
      expect(await migrate()).toMatchObject({ code: 0 });
      await revertAddedFields();
      await withAdminClient(url, (client) =>
        client.query("INSERT INTO notebooks (title, body, version) VALUES ('Existing', 'Written before', 1)"),
      );

      expect(await migrate()).toMatchObject({ code: 0 });
      const [row] = await withAdminClient(url, async (client) => {
        const result = await client.query(
          'SELECT subtitle, reading_minutes, category, labels, featured, price, starts_on::text, meta, ' +
            'checked_at IS NOT NULL AS checked FROM notebooks',
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

      await revertAddedFields();
      expect(await columns(url, 'notebooks')).not.toContain('reading_minutes');
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }, 120_000);

  it('matches the golden diff for a fixed spec', async () => {
    for (const [path, before] of fixture) {
      expect(createTwoFilesPatch(`a/${path}`, `b/${path}`, before, await copy.read(path))).toMatchSnapshot(path);
    }
    const migration = generated.find((path) => path.endsWith('ToNotebooks.ts'))!;
    expect(migration).toMatch(/^src\/migrations\/\d{13}-AddSubtitleReadingMinutes\w+ToNotebooks\.ts$/);
    const migrationText = await copy.read(migration);
    expect(migrationText.replace(/\d{13}/g, '<timestamp>')).toMatchSnapshot('migration');
    expect(await copy.read(NEW_SPEC)).toMatchSnapshot('e2e spec');
  });

  it.each([
    [['field', 'widgets', '--fields', 'size:int?'], /module "widgets" does not exist/],
    [['field', 'Notebooks', '--fields', 'size:int?'], /did you mean "notebooks"/],
    [['field', 'notebooks', '--fields', 'subtitle:text?'], /field "subtitle" already exists/],
    [['field', 'notebooks', '--fields', 'title:text?'], /field "title" already exists/],
    [['field', 'notebooks', '--fields', 'rating:int(1..5)'], /required field "rating" needs a default/],
    [['field', 'notebooks', '--fields', 'isbn:string(20)?:unique'], /cannot add unique field\(s\) isbn/],
    [['field', 'notebooks', '--fields', 'size:integr?'], /unknown type "integr"/],
    [['field', 'notebooks'], /missing fields/],
    [['field', 'notebooks', '--fields', 'owner:ref(owners)?'], /module "owners" does not exist/],
  ])('rejects %j with a clear message and writes nothing', async (args, message) => {
    await copy.expectRefusal(args, adminUrl, message);
  });

  it('writes nothing on --dry-run and shows the diffs', async () => {
    const before = await copy.listFiles();

    const outcome = await copy.runCli(['field', 'notebooks', '--fields', 'wordCount:int?', '--dry-run'], adminUrl);

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toMatch(/create {2}src\/migrations\/\d{13}-AddWordCountToNotebooks\.ts/);
    expect(outcome.output).toContain('+  wordCount!: number | null;');
    expect(await copy.listFiles()).toEqual(before);
  }, 60_000);
});

async function columns(url: string, table: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const result = await client.query<{ name: string }>(
      'SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1',
      [table],
    );
    return result.rows.map((row) => row.name);
  });
}
