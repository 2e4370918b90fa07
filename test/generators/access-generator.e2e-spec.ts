import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

/** What each generated route must say about authentication in the OpenAPI document. */
interface Operation {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses: Readonly<Record<string, unknown>>;
}

/**
 * Who may call generated routes: `module … --roles admin` (with a nested collection route),
 * `module … --public`, a module without flags, and `endpoint … --roles`/`--public` on it. The
 * generated code passes its own access tests untouched, and the OpenAPI document says the same as
 * the guard: 401 on protected operations, 403 where roles apply, neither on public ones.
 */
describe('access flags of the generators', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;

  const RUNS = [
    ['module', 'vendors', '--fields', 'name:string(80)', '--roles', 'admin'],
    ['module', 'payouts', '--fields', 'vendor:ref(vendors) amount:int(1..1000)', '--roles', 'admin'],
    ['module', 'notices', '--fields', 'title:string(80)', '--public'],
    ['module', 'memos', '--fields', 'title:string(80)'],
    ['endpoint', 'memos', 'post', '/:id/approve', '--roles', 'admin'],
    ['endpoint', 'memos', 'get', '/census', '--public'],
  ] as const;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    for (const args of RUNS) {
      const outcome = await generate(args);
      if (outcome.code !== 0) throw new Error(`${args.join(' ')} failed:\n${outcome.output}`);
    }
  }, 180_000);

  afterAll(async () => {
    await copy.remove();
  });

  function generate(args: readonly string[]): Promise<Outcome> {
    return copy.generate(args, adminUrl);
  }

  it('emits code that type-checks, lints, is formatted and passes its own access tests', async () => {
    const generated = [
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
    const tests = [...generated.filter((path) => path.startsWith('test/')), 'test/e2e/openapi.e2e-spec.ts'];
    const failed = await copy.checkGenerated(generated, tests, adminUrl);

    expect(failed).toEqual([]);
  }, 300_000);

  it('states the rule on the controllers: @Roles, @Public, or a comment saying any authenticated user', async () => {
    const source = (path: string): Promise<string> => readFile(join(copy.root, path), 'utf8');

    expect(await source('src/modules/vendors/vendors.controller.ts')).toMatch(/\n@Roles\('admin'\)\n@Controller\(/);
    expect(await source('src/modules/payouts/vendor-payouts.controller.ts')).toMatch(
      /\n@Roles\('admin'\)\n@Controller\(/,
    );
    expect(await source('src/modules/notices/notices.controller.ts')).toMatch(/\n@Public\(\)\n@Controller\(/);
    const memos = await source('src/modules/memos/memos.controller.ts');
    expect(memos).toContain('Any authenticated user may call these routes');
    expect(memos).toMatch(/@Post\(':id\/approve'\)\n {2}@HttpCode\(HttpStatus.OK\)\n {2}@Roles\('admin'\)\n/);
    expect(memos).toMatch(/@Get\('census'\)\n {2}@Public\(\)\n/);
  });

  it('documents 401 on protected operations, 403 where roles apply, neither on public ones; Spectral is clean', async () => {
    const written = await copy.node(['-r', '@swc-node/register', 'scripts/openapi.ts']);
    expect(written).toMatchObject({ code: 0 });
    const spectral = await copy.node([
      'node_modules/@stoplight/spectral-cli/dist/index.js',
      'lint',
      '--fail-severity=warn',
      '.tmp/openapi.json',
    ]);
    expect(spectral).toMatchObject({ code: 0 });
    const document = JSON.parse(await readFile(join(copy.root, '.tmp/openapi.json'), 'utf8')) as {
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
