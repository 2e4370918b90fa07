import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { databaseUrl, TEST_ADMIN_URL_VARIABLE, withAdminClient } from '../utils/test-database';
import { type Outcome, publicTables, RepositoryCopy } from './support/repository-copy';

const run = promisify(execFile);
const SWC = ['-r', '@swc-node/register'];
/** An enum and a unique constraint, so the drop migration has a type and named constraints to recreate. */
const FIELDS = 'name:string(80):unique status:enum(draft,live)=draft weight:decimal(8,2)?';

/**
 * The destroy contract, in one copy of the repository under git (the copy is committed first, so
 * "back to the starting point" is `git status` saying nothing): generate then destroy leaves no
 * trace; destroy after a commit writes a drop migration that runs up, down and up; destroy is
 * refused while another module imports the module; --dry-run writes nothing; and generating over
 * a table a hand-deleted module left behind is refused instead of writing a destructive migration.
 * Only modules it generates are destroyed, so the suite stays after `init --without-examples`.
 */
describe('destroy generator contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
    await git(['init', '-q']);
    await commitAll('the starting point');
  }, 120_000);

  afterAll(async () => {
    await copy.remove();
  });

  function gen(args: readonly string[]): Promise<Outcome> {
    return copy.generate(args, adminUrl);
  }

  async function git(args: readonly string[]): Promise<string> {
    const { stdout } = await run(
      'git',
      ['-c', 'user.email=contract@example.test', '-c', 'user.name=contract', '-c', 'commit.gpgsign=false', ...args],
      { cwd: copy.root, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  }

  async function commitAll(message: string): Promise<void> {
    await git(['add', '-A']);
    await git(['commit', '-q', '--allow-empty', '-m', message]);
  }

  async function migrations(): Promise<string[]> {
    return readdir(join(copy.root, 'src', 'migrations'));
  }

  /** `run`: in the copy's generator process unless told (`copy.runCli`: its own process). */
  async function expectSuccess(args: readonly string[], run = gen): Promise<Outcome> {
    const outcome = await run(args);
    expect({ args, ...outcome }).toMatchObject({ args, code: 0 });
    return outcome;
  }

  it('undoes an uncommitted module generation completely: the tree is back to the starting point', async () => {
    await expectSuccess(['module', 'gadgets', '--fields', FIELDS]);
    expect(await git(['status', '--porcelain'])).not.toBe('');

    const outcome = await expectSuccess(['destroy', 'module', 'gadgets'], (args) => copy.runCli(args, adminUrl));

    expect(outcome.output).toMatch(/deleted +src\/migrations\/\d+-CreateGadgets\.ts/);
    expect(outcome.output).toMatch(/deleted +src\/modules\/gadgets\/gadget\.entity\.ts/);
    expect(await git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  }, 120_000);

  it('shows on --dry-run what a destroy of a committed module would do, and writes nothing', async () => {
    await expectSuccess(['module', 'gadgets', '--fields', FIELDS]);
    await commitAll('gadgets');
    const before = await copy.listFiles();

    const outcome = await expectSuccess(['destroy', 'module', 'gadgets', '--dry-run']);

    expect(outcome.output).toMatch(/^delete {2}src\/modules\/gadgets\/gadget\.entity\.ts$/m);
    expect(outcome.output).toMatch(/^delete {2}test\/e2e\/gadgets\.e2e-spec\.ts$/m);
    expect(outcome.output).toMatch(/^delete {2}test\/factories\/gadget\.factory\.ts$/m);
    expect(outcome.output).toMatch(/^ +-import \{ GadgetsModule \} from '\.\/gadgets';$/m);
    expect(outcome.output).toMatch(/^create {2}src\/migrations\/\d+-DropGadgets\.ts$/m);
    expect(outcome.output).toContain('DROP TABLE "gadgets"');
    expect(outcome.output).toContain('DROP TYPE "public"."gadget_status"');
    expect(outcome.output).not.toMatch(/CreateGadgets\.ts/);
    expect(await copy.listFiles()).toEqual(before);
  }, 120_000);

  it('refuses while another module imports it, naming that module', async () => {
    await expectSuccess(['module', 'gizmos', '--fields', 'label:string(40)']);
    const service = join(copy.root, 'src', 'modules', 'gizmos', 'gizmos.service.ts');
    const original = await readFile(service, 'utf8');
    await writeFile(service, `import { GadgetsService } from '../gadgets';\n${original}`);

    await copy.expectRefusal(['destroy', 'module', 'gadgets'], adminUrl, /"gadgets" is still used[\s\S]*gizmos/);

    await writeFile(service, original);
    await expectSuccess(['destroy', 'module', 'gizmos']);
    expect(await git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  }, 120_000);

  it('refuses without --force when the module has files the module generator did not create', async () => {
    const extra = join(copy.root, 'src', 'modules', 'gadgets', 'gadgets.notes.ts');
    await writeFile(extra, 'export const NOTES = 1;\n');

    await copy.expectRefusal(['destroy', 'module', 'gadgets'], adminUrl, /gadgets\.notes\.ts[\s\S]*--force/);

    await rm(extra);
  }, 120_000);

  it('writes a drop migration for a committed module; the result checks, tests and migrates up, down and up', async () => {
    const outcome = await expectSuccess(['destroy', 'module', 'gadgets']);

    expect(outcome.output).toMatch(/created +src\/migrations\/\d+-DropGadgets\.ts/);
    expect(await migrations()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/-CreateGadgets\.ts$/),
        expect.stringMatching(/-DropGadgets\.ts$/),
      ]),
    );
    const status = await git(['status', '--porcelain', '--untracked-files=all']);
    expect(status).toMatch(/^\?\? src\/migrations\/\d+-DropGadgets\.ts$/m);
    expect(status).toMatch(/^ D src\/modules\/gadgets\/gadget\.entity\.ts$/m);

    const name = `destroy_${randomBytes(6).toString('hex')}`;
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const env = { DATABASE_URL: databaseUrl(adminUrl, name) };
    const migrate = [...SWC, 'src/migrate.ts'];
    const revert = [
      ...SWC,
      'node_modules/typeorm/cli.js',
      'migration:revert',
      '-d',
      'src/core/database/data-source.ts',
    ];
    try {
      expect(await copy.node(migrate, env)).toMatchObject({ code: 0 });
      expect(await publicTables(env.DATABASE_URL)).not.toContain('gadgets');

      expect(await copy.node(revert, env)).toMatchObject({ code: 0 });
      expect(await publicTables(env.DATABASE_URL)).toContain('gadgets');
      // The recreated table is the one the Create migration made: reverting that one works too.
      await withAdminClient(env.DATABASE_URL, (client) =>
        client.query(`INSERT INTO gadgets (name, status, version) VALUES ('a', 'live', 1)`),
      );

      expect(await copy.node(migrate, env)).toMatchObject({ code: 0 });
      expect(await publicTables(env.DATABASE_URL)).not.toContain('gadgets');
      const types = await withAdminClient(env.DATABASE_URL, (client) =>
        client.query("SELECT 1 FROM pg_type WHERE typname = 'gadget_status'"),
      );
      expect(types.rowCount).toBe(0);
    } finally {
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }

    // Every file but the two migrations is back as the repository has it: the repository's own
    // unit tier (`npm test`) has run on exactly this code, so the copy runs what reads the
    // migrations, the e2e suites that boot the whole app and check its schema and document. The
    // rest of the fast tier tests modules this suite never touched, and its timing-sensitive suites
    // cannot promise their budgets while sharing the machine with this suite's other processes.
    expect((await copy.changedFiles()).filter((path) => !/^(\.git|src\/migrations)\//.test(path))).toEqual([]);
    const checks = await Promise.all([
      copy.staticChecks(),
      copy.node([
        'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
        'src',
        '--config',
        '.dependency-cruiser.cjs',
      ]),
      copy.node(
        [
          'node_modules/jest/bin/jest.js',
          '--ci',
          '--maxWorkers=2',
          'test/e2e/(migrations|openapi|health)\\.e2e-spec\\.ts$',
          '--selectProjects',
          'e2e',
        ],
        { DATABASE_URL: adminUrl },
      ),
    ]);
    // The tail of a failed check's output is what says which one and why.
    for (const check of checks.flat()) {
      if (check.code !== 0) throw new Error(`a check failed (exit ${check.code}):\n${check.output.slice(-4000)}`);
    }
    await commitAll('destroyed gadgets');
  }, 900_000);

  it('refuses to generate over a table a hand-deleted module left behind, with other fields or the same ones', async () => {
    await expectSuccess(['module', 'sprockets', '--fields', 'teeth:int(1..200)']);
    await commitAll('sprockets');
    // Deleted by hand: the module's files and its registration, not its migration.
    await rm(join(copy.root, 'src', 'modules', 'sprockets'), { recursive: true });
    await rm(join(copy.root, 'test', 'e2e', 'sprockets.e2e-spec.ts'));
    await rm(join(copy.root, 'test', 'factories', 'sprocket.factory.ts'));
    await git(['checkout', 'HEAD~1', '--', 'src/modules/index.ts']);

    const explanation = /table "sprockets" already exists[\s\S]*CreateSprockets\.ts[\s\S]*destroy module/;
    await copy.expectRefusal(['module', 'sprockets', '--fields', 'size:string(20)'], adminUrl, explanation);
    await copy.expectRefusal(['module', 'sprockets', '--fields', 'teeth:int(1..200)'], adminUrl, explanation);
    expect((await migrations()).filter((file) => file.includes('Sprockets'))).toHaveLength(1);
  }, 120_000);

  it('refuses destroy field with the manual recipe', async () => {
    // On users, a module every service keeps: the refusal does not depend on the module.
    await copy.expectRefusal(['destroy', 'field', 'users', 'email'], adminUrl, /destroy field is not supported/);
  });
});
