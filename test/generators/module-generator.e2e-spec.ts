import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleNames } from '../../generators/lib/names';
import { databaseUrl, TEST_ADMIN_URL_VARIABLE, withAdminClient } from '../utils/test-database';
import { type Outcome, publicTables, RepositoryCopy } from './support/repository-copy';

const SWC = ['-r', '@swc-node/register'];

/**
 * Every field type and modifier, spread over four modules (one multi-word, one irregular plural,
 * one of edge cases: tiny limits, negative ranges, nullable defaults, `now`, unique integers), plus
 * reserved identifiers and list-parameter collisions.
 */
const MATRIX = [
  {
    name: 'catalog-items',
    fields:
      'title:string(200) sku:string(40):unique price:decimal(10,2)? status:enum(draft,live)=draft ' +
      'dueAt:date? tags:string[](40) meta:json? stock:int(0..1000)=0 ownerId:uuid:index body:text ' +
      'publishedAt:datetime? featured:boolean=false',
  },
  { name: 'people', fields: 'fullName:string(120) email:string(200):unique joinedOn:date=2026-01-01' },
  {
    name: 'sample-invoices',
    fields: 'number:string(30):unique total:decimal(12,2) status:enum(draft,sent,paid)=draft',
  },
  {
    name: 'readings',
    fields:
      'takenAt:datetime=now ratio:decimal(3,3)=0.5 code:string(3):unique flags:string[](1)? payload:json ' +
      'delta:int(-5..5)?:index=0 day:date:index serial:int:unique note:text(20000)? checked:boolean?',
  },
  // SQL reserved words as the table (its singular too) and as columns, JavaScript keywords as
  // properties, and a field named like the spec's own variable (`group`).
  {
    name: 'groups',
    fields:
      'order:int:index from:date to:date? user:string(50):unique group:enum(a,b) select:boolean desc:text? ' +
      'primary:uuid case:string(20)?:index default:boolean=false',
  },
  // Every member of the list query DTO as a field: each works, without a list filter of its own.
  {
    name: 'widgets',
    fields: 'cursor:uuid sort:enum(asc,desc) limit:int(0..100):index include:string(20):index name:string(40)',
  },
] as const;

/**
 * Who may call generated routes: `module … --roles admin` (with a nested collection route),
 * `module … --public`, a module without flags, and `endpoint … --roles`/`--public` on it. They are
 * generated before the matrix, in the same copy (one round of checks for both): the migration test
 * reverts the matrix's migrations, the newest.
 */
const ACCESS_RUNS = [
  ['module', 'vendors', '--fields', 'name:string(80)', '--roles', 'admin'],
  ['module', 'payouts', '--fields', 'vendor:ref(vendors) amount:int(1..1000)', '--roles', 'admin'],
  ['module', 'notices', '--fields', 'title:string(80)', '--public'],
  ['module', 'memos', '--fields', 'title:string(80)'],
  ['endpoint', 'memos', 'post', '/:id/approve', '--roles', 'admin'],
  ['endpoint', 'memos', 'get', '/census', '--public'],
] as const;

/** What the access runs generate, relative to the repository root. */
const ACCESS_GENERATED = [
  'src/modules/vendors',
  'src/modules/payouts',
  'src/modules/notices',
  'src/modules/memos',
  'test/e2e/vendors.e2e-spec.ts',
  'test/e2e/payouts.e2e-spec.ts',
  'test/e2e/notices.e2e-spec.ts',
  'test/e2e/memos.e2e-spec.ts',
  'test/e2e/memos-approve.e2e-spec.ts',
  'test/e2e/memos-get-census.e2e-spec.ts',
];

/** What each generated route must say about authentication in the OpenAPI document. */
interface Operation {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses: Readonly<Record<string, unknown>>;
}

/** The generated files of one module, relative to the repository root. */
function generatedFiles(kebabPlural: string, kebabSingular: string): string[] {
  const folder = `src/modules/${kebabPlural}`;
  return [
    `${folder}/${kebabSingular}.entity.ts`,
    `${folder}/${kebabPlural}.errors.ts`,
    `${folder}/${kebabPlural}.repository.ts`,
    `${folder}/${kebabPlural}.service.ts`,
    `${folder}/${kebabPlural}.service.spec.ts`,
    `${folder}/${kebabPlural}.mapper.ts`,
    `${folder}/${kebabPlural}.mapper.spec.ts`,
    `${folder}/${kebabPlural}.controller.ts`,
    `${folder}/${kebabPlural}.module.ts`,
    `${folder}/index.ts`,
    `${folder}/dto/create-${kebabSingular}.dto.ts`,
    `${folder}/dto/update-${kebabSingular}.dto.ts`,
    `${folder}/dto/list-${kebabPlural}-query.dto.ts`,
    `${folder}/dto/${kebabSingular}-response.dto.ts`,
    `${folder}/dto/${kebabSingular}-page-response.dto.ts`,
    `test/e2e/${kebabPlural}.e2e-spec.ts`,
    `test/factories/${kebabSingular}.factory.ts`,
  ];
}

/**
 * The generator contract: in a copy of the repository (tracked files only, node_modules shared),
 * generate modules, then the output must type-check, lint, format, keep the architecture rules,
 * pass its own unit and e2e tests, and migrate up and down against real PostgreSQL. Bad input
 * must leave the tree untouched. The access flags' modules share the copy and the round of checks:
 * their code passes its own access tests, and the OpenAPI document says the same as the guard.
 */
describe('module generator contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;
  /** What `npm run gen` printed for the first module. */
  let firstOutput: string | undefined;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    await copy.generateAll(ACCESS_RUNS, adminUrl);
    for (const [index, module] of MATRIX.entries()) {
      const args = ['module', module.name, '--fields', module.fields];
      // The first one as its own `npm run gen` process, whose output a test below reads.
      const outcome = index === 0 ? await copy.runCli(args, adminUrl) : await generate(args);
      if (outcome.code !== 0) throw new Error(`generating ${module.name} failed:\n${outcome.output}`);
      firstOutput ??= outcome.output;
    }
  }, 300_000);

  afterAll(async () => {
    await copy.remove();
  });

  function generate(args: readonly string[]): Promise<Outcome> {
    return copy.generate(args, adminUrl);
  }

  it('emits code that type-checks, lints, is formatted, keeps the architecture and passes its own tests', async () => {
    const modules = MATRIX.map((module) => moduleNames(module.name));
    const generated = [
      'src/modules/index.ts',
      'src/migrations',
      ...modules.flatMap((names) => [
        `src/modules/${names.kebabPlural}`,
        `test/e2e/${names.kebabPlural}.e2e-spec.ts`,
        `test/factories/${names.kebabSingular}.factory.ts`,
      ]),
      ...ACCESS_GENERATED,
    ];
    // The generated specs (the access runs' own access tests among them), plus the OpenAPI
    // document check, which now covers the generated routes.
    const generatedTests = [
      ...modules.flatMap((names) => [`src/modules/${names.kebabPlural}/`, `test/e2e/${names.kebabPlural}.e2e-spec.ts`]),
      ...ACCESS_GENERATED.filter((path) => path.startsWith('test/')),
      'test/e2e/openapi.e2e-spec.ts',
    ];
    const failed = await copy.checkGenerated(generated, generatedTests, adminUrl);

    expect(failed).toEqual([]);
  }, 300_000);

  it('emits migrations that run up and down against PostgreSQL', async () => {
    const name = `generators_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const env = { DATABASE_URL: databaseUrl(adminUrl, name) };
    const revert = [
      ...SWC,
      'node_modules/typeorm/cli.js',
      'migration:revert',
      '-d',
      'src/core/database/data-source.ts',
    ];
    try {
      expect(await copy.node([...SWC, 'src/migrate.ts'], env)).toMatchObject({ code: 0 });
      const generatedTables = MATRIX.map((module) => moduleNames(module.name).table);
      const allTables = await publicTables(env.DATABASE_URL);
      expect(allTables).toEqual(expect.arrayContaining(generatedTables));

      // One revert per generated migration, newest first, as an operator would undo them.
      for (const module of [...MATRIX].reverse()) {
        const outcome = await copy.node(revert, env);
        expect({ module: module.name, ...outcome }).toMatchObject({ module: module.name, code: 0 });
      }

      // Whatever else the repository has (articles, modules a team added) stays.
      expect(await publicTables(env.DATABASE_URL)).toEqual(
        allTables.filter((table) => !generatedTables.includes(table)),
      );
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  }, 120_000);

  it("points at the module's own tests first", () => {
    expect(firstOutput).toContain(
      'Next: npx jest src/modules/catalog-items test/e2e/catalog-items.e2e-spec.ts, then npm run lint && npm run typecheck && npm test;',
    );
  });

  it('generates exactly the files of the vertical slice', async () => {
    const created = (await copy.listFiles())
      .map((file) => file.slice(copy.root.length + 1))
      .filter((file) => file.startsWith('src/modules/catalog-items/'));

    expect(created).toEqual(
      generatedFiles('catalog-items', 'catalog-item')
        .filter((file) => file.startsWith('src/'))
        .sort(),
    );
  });

  it.each(generatedFiles('catalog-items', 'catalog-item'))('matches the golden output for %s', async (file) => {
    expect(await readFile(join(copy.root, file), 'utf8')).toMatchSnapshot();
  });

  it('matches the golden migration', async () => {
    const migrations = await readdir(join(copy.root, 'src', 'migrations'));
    const migration = migrations.find((file) => file.endsWith('-CreateCatalogItems.ts'))!;

    expect(
      (await readFile(join(copy.root, 'src', 'migrations', migration), 'utf8')).replace(/\d{13}/g, '<timestamp>'),
    ).toMatchSnapshot('migration');
  });

  // Not a golden file: the registry also lists whatever modules the team has added.
  it('registers every generated module, in generation order', async () => {
    const registry = await readFile(join(copy.root, 'src', 'modules', 'index.ts'), 'utf8');
    const modules = MATRIX.map((module) => moduleNames(module.name));

    for (const names of modules) {
      expect(registry).toContain(`import { ${names.pascalPlural}Module } from './${names.kebabPlural}';`);
    }
    const listed = /featureModules: Type\[\] = \[([^\]]*)\]/
      .exec(registry)?.[1]
      ?.split(',')
      .map((entry) => entry.trim());
    const generated = listed?.filter((entry) => modules.some((names) => entry === `${names.pascalPlural}Module`));
    expect(generated).toEqual(modules.map((names) => `${names.pascalPlural}Module`));
  });

  it.each([
    [['module', 'people', '--fields', 'a:int'], /already exists/],
    [['module', 'OrderItem', '--fields', 'a:int'], /did you mean "order-items"/],
    [['module', 'orders', '--fields', 'total:money'], /unknown type "money"/],
    [['module', 'orders', '--fields', 'id:uuid'], /generated for every entity/],
    [['module', 'orders'], /missing fields/],
    [['module', 'orders', '--fieldz', 'a:int'], /Unknown option '--fieldz'/],
    [
      ['module', 'orders', '--fields', 'customer:ref(clients)'],
      /module "clients" does not exist[\s\S]*modules: .*people/,
    ],
  ])('rejects %j with a clear message and writes nothing', async (args, message) => {
    await copy.expectRefusal(args, adminUrl, message);
  });

  it('writes nothing on --dry-run and shows the registry diff', async () => {
    const before = await copy.listFiles();

    const outcome = await generate(['module', 'orders', '--fields', 'total:decimal(10,2)', '--dry-run']);

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toMatch(/create {2}src\/modules\/orders\/order\.entity\.ts/);
    expect(outcome.output).toMatch(/^\s*\+ {2}OrdersModule,$/m);
    expect(await copy.listFiles()).toEqual(before);
  }, 60_000);

  describe('access flags', () => {
    it('states the rule on the controllers: @Roles, @Public, or a comment saying any authenticated user', async () => {
      expect(await copy.read('src/modules/vendors/vendors.controller.ts')).toMatch(
        /\n@Roles\('admin'\)\n@Controller\(/,
      );
      expect(await copy.read('src/modules/payouts/vendor-payouts.controller.ts')).toMatch(
        /\n@Roles\('admin'\)\n@Controller\(/,
      );
      expect(await copy.read('src/modules/notices/notices.controller.ts')).toMatch(/\n@Public\(\)\n@Controller\(/);
      const memos = await copy.read('src/modules/memos/memos.controller.ts');
      expect(memos).toContain('Any authenticated user may call these routes');
      expect(memos).toMatch(/@Post\(':id\/approve'\)\n {2}@HttpCode\(HttpStatus.OK\)\n {2}@Roles\('admin'\)\n/);
      expect(memos).toMatch(/@Get\('census'\)\n {2}@Public\(\)\n/);
    });

    // Spectral lints this document in the round of checks above (`openapi`).
    it('documents 401 on protected operations, 403 where roles apply, neither on public ones', async () => {
      const written = await copy.node([...SWC, 'scripts/openapi.ts']);
      expect(written).toMatchObject({ code: 0 });
      const document = JSON.parse(await copy.read('.tmp/openapi.json')) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const rules = Object.entries(document.paths)
        .filter(([path]) => /^\/v1\/(vendors|payouts|notices|memos)/.test(path))
        .flatMap(([path, operations]) =>
          Object.entries(operations).map(([method, operation]) => ({
            operation: `${method.toUpperCase()} ${path}`,
            public: operation.security?.some((requirement) => Object.keys(requirement).length === 0) ?? false,
            401: '401' in operation.responses,
            403: '403' in operation.responses,
          })),
        );

      const protectedBy = (pattern: RegExp): typeof rules => rules.filter((rule) => pattern.test(rule.operation));
      expect(rules).toHaveLength(5 * 4 + 1 + 2);
      for (const rule of protectedBy(/\/v1\/(vendors|payouts)|approve$/)) {
        expect(rule).toEqual({ operation: rule.operation, public: false, 401: true, 403: true });
      }
      expect(protectedBy(/vendors\/\{vendorId\}\/payouts$/)).toHaveLength(1);
      for (const rule of protectedBy(/\/v1\/notices|census$/)) {
        expect(rule).toEqual({ operation: rule.operation, public: true, 401: false, 403: false });
      }
      for (const rule of protectedBy(/\/v1\/memos(\/\{id\})?$/)) {
        expect(rule).toEqual({ operation: rule.operation, public: false, 401: true, 403: false });
      }
    }, 120_000);

    it.each([
      [
        ['module', 'flyers', '--fields', 'title:string(80)', '--public', '--roles', 'admin'],
        /--public and --roles exclude each other/,
      ],
      [['module', 'flyers', '--fields', 'title:string(80)', '--roles', 'user'], /admin must be among them/],
      [
        ['module', 'flyers', '--fields', 'title:string(80)', '--roles', 'owner'],
        /unknown role "owner"; roles are admin, user/,
      ],
      [['endpoint', 'notices', 'post', '/:id/pin', '--roles', 'admin'], /notices.controller.ts is @Public\(\)/],
    ])(
      'refuses %j: the message, nothing written',
      async (args, message) => {
        await copy.expectRefusal(args, adminUrl, message);
      },
      60_000,
    );
  });
});
