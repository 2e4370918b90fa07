import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { isHistory } from '../../generators/lib/rename-plan';
import { TEMPLATE_NAME } from '../../generators/lib/service-name';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

const run = promisify(execFile);
const NAME = 'acme-orders';
const BAD_NAMES = ['Acme', 'acme_orders', `acme-${'o'.repeat(65)}`, '-acme'];

/**
 * `init` on a copy of the repository, as a team runs it right after cloning: bad names and a dry
 * run change nothing, the real run leaves a repository that names only the new service (history
 * aside) and passes lint, type-check, format check and the unit tier, and a second run refuses.
 */
describe('init contract', () => {
  let copy: RepositoryCopy;
  let adminUrl: string;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    copy = await RepositoryCopy.create();
  }, 60_000);

  afterAll(async () => {
    await copy.remove();
  });

  /** `npm run <script>` in the copy, with no terminal. */
  async function npm(args: readonly string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run('npm', ['run', ...args], {
        cwd: copy.root,
        env: { ...process.env, NODE_ENV: 'test' },
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  }

  /** Every file of the copy with its content, to prove a run changed nothing at all. */
  async function contents(): Promise<Map<string, string>> {
    const files = await copy.listFiles();
    return new Map(await Promise.all(files.map(async (file) => [file, await readFile(file, 'utf8')] as const)));
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

  it('lists every change as diffs with --dry-run, writing nothing', async () => {
    const before = await contents();

    const outcome = await copy.generate(['init', '--name', NAME, '--dry-run'], adminUrl);

    expect(outcome).toMatchObject({ code: 0 });
    for (const path of ['package.json', 'package-lock.json', 'docker-compose.yml', 'deploy/k8s/deployment.yaml']) {
      expect(outcome.output).toContain(`modify  ${path}`);
    }
    expect(outcome.output).toContain(`-  name: ${TEMPLATE_NAME}`);
    expect(outcome.output).toContain(`+  name: ${NAME}`);
    expect(outcome.output).toContain('.github/workflows/ci.yml');
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

    const mentions: string[] = [];
    for (const [file, content] of await contents()) {
      const path = relative(copy.root, file);
      if (!isHistory(path) && content.toLowerCase().includes(TEMPLATE_NAME)) mentions.push(path);
    }
    expect(mentions).toEqual([]);

    const checks = await Promise.all([npm(['lint']), npm(['typecheck']), npm(['format:check'])]);
    for (const check of checks) expect(check).toMatchObject({ code: 0 });
    const unit = await npm(['test:unit']);
    expect(unit).toMatchObject({ code: 0 });
  }, 600_000);

  it('refuses a second run, changing nothing', async () => {
    const before = await contents();

    const outcome = await copy.generate(['init', '--name', 'billing-service'], adminUrl);

    expect(outcome.code).toBe(1);
    expect(outcome.output).toContain(`already initialised: package.json's name is "${NAME}"`);
    expect(outcome.output).toContain('Nothing was written.');
    expect(await contents()).toEqual(before);
  }, 60_000);
});
