import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLES_REMOVED_NOTE } from '../../generators/init.generator';
import { isHistory } from '../../generators/lib/rename-plan';
import { TEMPLATE_NAME } from '../../generators/lib/service-name';
import { NEEDS_EXAMPLE_MODULE_EXIT_CODE } from '../../scripts/lib/example-module';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

const run = promisify(execFile);
const NAME = 'acme-orders';
const BAD_NAMES = ['Acme', 'acme_orders', `acme-${'o'.repeat(65)}`, '-acme'];

/** A module generated into the repository without examples: an exact number, an enum, a unique column. */
const FIRST_MODULE = {
  name: 'invoices',
  fields: 'number:string(30):unique total:decimal(12,2) status:enum(draft,sent)=draft',
};

/**
 * What of the fast tier runs in the copy without examples: every unit spec, the first module's e2e
 * suite, and the e2e suites that boot the whole app and read what init changed (its modules, schema,
 * document, users and sessions). The reliability scenarios it keeps (database outages, shutdown,
 * overload) run on the repository's own fast tier with the same code; they measure timings, which
 * the copy's run, beside the other suites of this tier, would only make flaky.
 */
const FAST_TIER_WITHOUT_TIMED_SCENARIOS = [
  '\\.spec\\.ts$',
  `test/e2e/(${FIRST_MODULE.name}|health|openapi|openapi-contract|migrations|auth|create-user|metrics|http-semantics|idempotency|throttling)\\.e2e-spec\\.ts$`,
].join('|');

/**
 * `init` on copies of the repository, as a team runs it right after cloning: bad names and a dry
 * run change nothing; renaming alone leaves a repository that names only the new service (history
 * aside) and passes type-check and format check; with `--without-examples` the repository also
 * loses every example file and passes lint, type-check, format check and the fast tier (unit and
 * e2e, timed scenarios aside) with a first generated module; a second run refuses. ESLint and
 * Prettier read the files a run changed; the repository's own checks cover the rest.
 */
describe('init contract', () => {
  let copy: RepositoryCopy;
  let bare: RepositoryCopy;
  let adminUrl: string;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    [copy, bare] = await Promise.all([RepositoryCopy.create(), RepositoryCopy.create()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([copy.remove(), bare.remove()]);
  });

  /** `npm run <script>` in a copy (the one with examples unless told), with no terminal. */
  async function npm(args: readonly string[], env: Record<string, string> = {}, root = copy.root): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run('npm', ['run', ...args], {
        cwd: root,
        env: { ...process.env, ...env, NODE_ENV: 'test' },
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  }

  /** Every file of a copy with its content, to prove a run changed nothing at all. */
  async function contents(of = copy): Promise<Map<string, string>> {
    const files = await of.listFiles();
    return new Map(await Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8')] as const)));
  }

  /** Files of a copy that still name the template, the changelog and decision records aside. */
  async function templateMentions(of: RepositoryCopy): Promise<string[]> {
    const mentions: string[] = [];
    for (const [file, content] of await contents(of)) {
      const path = relative(of.root, file);
      if (!isHistory(path) && content.toLowerCase().includes(TEMPLATE_NAME)) mentions.push(path);
    }
    return mentions;
  }

  it('refuses bad names with the rule and a suggestion, changing nothing', async () => {
    const before = await contents();

    for (const name of BAD_NAMES) {
      // `--name=…`: parseArgs reads `--name -acme` as a missing value followed by an option.
      const outcome = await copy.generate(['init', `--name=${name}`], adminUrl);

      expect({ name, code: outcome.code }).toEqual({ name, code: 1 });
      expect(outcome.output).toContain(`invalid service name "${name}"`);
      expect(outcome.output).toContain('Rule: a service name is lowercase letters, digits and hyphens');
      expect(outcome.output).toMatch(/Try: --name [a-z][a-z0-9-]*\n/);
      expect(outcome.output).toContain('Nothing was written.');
    }
    expect(await contents()).toEqual(before);
  }, 120_000);

  it("lists every change of the rename and the examples' removal with --dry-run, writing nothing", async () => {
    const before = await contents();

    const outcome = await copy.generate(['init', '--name', NAME, '--without-examples', '--dry-run'], adminUrl);

    expect(outcome).toMatchObject({ code: 0 });
    for (const path of ['package.json', 'package-lock.json', 'docker-compose.yml', 'deploy/k8s/deployment.yaml']) {
      expect(outcome.output).toContain(`modify  ${path}`);
    }
    expect(outcome.output).toContain(`-  name: ${TEMPLATE_NAME}`);
    expect(outcome.output).toContain(`+  name: ${NAME}`);
    expect(outcome.output).toContain('.github/workflows/ci.yml');
    for (const path of ['src/modules/articles/articles.service.ts', 'src/migrations/1795444169461-CreateArticles.ts']) {
      expect(outcome.output).toContain(`delete  ${path}`);
    }
    expect(outcome.output).toContain("-import { ArticlesModule } from './articles';");
    expect(outcome.output).toContain('modify  docs/reference-module.md');
    // The rename-only run below checks less because of this: nothing it edits is an example file.
    const deleted = [...outcome.output.matchAll(/^delete {2}(\S+)$/gm)].map((match) => `${copy.root}/${match[1]}`);
    expect(deleted.filter((file) => before.get(file)?.toLowerCase().includes(TEMPLATE_NAME))).toEqual([]);
    expect(await contents()).toEqual(before);
  }, 60_000);

  it('names the service everywhere but history, and the renamed repository passes every check', async () => {
    const outcome = await npm(['init', '--', '--name', NAME]);

    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.output).toContain('modified package.json');
    const manifest = JSON.parse(await readFile(`${copy.root}/package.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: NAME, version: '0.1.0' });
    const lockfile = JSON.parse(await readFile(`${copy.root}/package-lock.json`, 'utf8')) as {
      name: string;
      packages: Record<string, { name?: string }>;
    };
    expect([lockfile.name, lockfile.packages['']?.name]).toEqual([NAME, NAME]);

    expect(await templateMentions(copy)).toEqual([]);

    // A rename edits strings only, and no example file names the service (the dry run above
    // checks it), so every file edited here is also in the run without examples below, which lints
    // it and runs the fast tier over it; here the type-check and the format check suffice. The
    // format check reads the files the rename changed: the others are the repository's own.
    const checks = await Promise.all([npm(['typecheck']), copy.formatCheck(await copy.changedFiles())]);
    for (const check of checks) expect(check).toMatchObject({ code: 0 });
  }, 600_000);

  it('without examples, leaves a repository with no example file that passes the checks and the fast tier (timed scenarios aside) with its first module', async () => {
    const outcome = await npm(['init', '--', '--name', NAME, '--without-examples'], {}, bare.root);

    expect(outcome).toMatchObject({ code: 0 });
    const files = (await bare.listFiles()).map((file) => relative(bare.root, file));
    expect(files.filter((path) => /(^|\/)(articles|comments|topics)(\/|[.-])/.test(path))).toEqual([]);
    expect(files.filter((path) => path.startsWith('src/migrations/')).length).toBeGreaterThan(0);
    expect(await readFile(`${bare.root}/docs/reference-module.md`, 'utf8')).toContain(EXAMPLES_REMOVED_NOTE);
    expect(await templateMentions(bare)).toEqual([]);
    const bench = await npm(['bench'], {}, bare.root);
    expect(bench.code).toBe(NEEDS_EXAMPLE_MODULE_EXIT_CODE);
    expect(bench.output).toContain('npm run bench needs the template\'s example module "articles"');

    // The first module goes in before the checks, so one run of each covers the init and the
    // generator's output on a registry without examples (the fast tier runs its tests).
    const generated = await bare.generate(['module', FIRST_MODULE.name, '--fields', FIRST_MODULE.fields], adminUrl);
    expect(generated.output).toContain(`created  src/modules/${FIRST_MODULE.name}/${FIRST_MODULE.name}.module.ts`);
    // The type-check, the architecture rules and the OpenAPI lint read the whole tree; ESLint and
    // Prettier (the rest of `npm run lint` and `format:check`) read the files init and the
    // generator changed, as in the generator suites: the others are the repository's own.
    const changed = await bare.changedFiles();
    const checks = await Promise.all([
      bare.lint(changed),
      ...[['lint:architecture'], ['lint:openapi'], ['typecheck']].map((script) => npm(script, {}, bare.root)),
      bare.formatCheck(changed),
    ]);
    for (const check of checks) expect(check).toMatchObject({ code: 0 });
    const fastTier = await npm(
      ['test', '--', FAST_TIER_WITHOUT_TIMED_SCENARIOS],
      { DATABASE_URL: adminUrl },
      bare.root,
    );
    // The tail of a failed run's output is what says which suite failed and why.
    expect({ code: fastTier.code, tail: fastTier.code === 0 ? '' : fastTier.output.slice(-4000) }).toEqual({
      code: 0,
      tail: '',
    });
    expect(fastTier.output).toContain(`test/e2e/${FIRST_MODULE.name}.e2e-spec.ts`);
  }, 900_000);

  it('refuses a second run, changing nothing', async () => {
    const before = await contents(bare);

    const outcome = await bare.generate(['init', '--name', 'billing-service', '--without-examples'], adminUrl);

    expect(outcome.code).toBe(1);
    expect(outcome.output).toContain(`already initialised: package.json's name is "${NAME}"`);
    expect(outcome.output).toContain('Nothing was written.');
    expect(await contents(bare)).toEqual(before);
  }, 60_000);
});
