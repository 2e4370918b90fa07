import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';
import { type Outcome, RepositoryCopy } from './support/repository-copy';

const run = promisify(execFile);

const NAME = 'sample-invoices';
const FIELDS = 'number:string(30):unique total:decimal(12,2) dueAt:date? status:enum(draft,sent,paid)=draft';

/**
 * plop's own CLI is a second entry point to the same generators: `npx plop module <name> "<fields>"`
 * (plop's positional bypass) must write exactly what `npm run gen -- module` writes, through the same
 * change set, and refuse bad input the same way: non-zero, nothing written. Two copies of the
 * repository, one per entry point, then a file-by-file comparison.
 */
describe('plop CLI contract', () => {
  let viaPlop: RepositoryCopy;
  let viaGen: RepositoryCopy;
  let adminUrl: string;

  beforeAll(async () => {
    adminUrl = process.env[TEST_ADMIN_URL_VARIABLE]!;
    [viaPlop, viaGen] = await Promise.all([RepositoryCopy.create(), RepositoryCopy.create()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([viaPlop.remove(), viaGen.remove()]);
  });

  /** `npx plop …` in a copy, with no terminal (stdin closed), as CI runs it. */
  async function plop(copy: RepositoryCopy, args: readonly string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run('npx', ['--no-install', 'plop', ...args], {
        cwd: copy.root,
        env: { ...process.env, DATABASE_URL: adminUrl, NODE_ENV: 'test' },
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  }

  /** Files that differ from a fresh copy, with migration timestamps (the only legitimate difference) masked. */
  async function written(copy: RepositoryCopy, before: readonly string[]): Promise<Map<string, string>> {
    const after = await copy.listFiles();
    const changed = new Map<string, string>();
    for (const file of after) {
      const path = relative(copy.root, file);
      const isNew = !before.includes(file);
      if (isNew || path === 'src/modules/index.ts') {
        changed.set(
          path.replace(/\d{13}/g, '<timestamp>'),
          (await readFile(file, 'utf8')).replace(/\d{13}/g, '<timestamp>'),
        );
      }
    }
    return changed;
  }

  it('generates without prompts exactly what npm run gen writes', async () => {
    const [plopBefore, genBefore] = await Promise.all([viaPlop.listFiles(), viaGen.listFiles()]);

    const [plopOutcome, genOutcome] = await Promise.all([
      plop(viaPlop, ['module', NAME, FIELDS]),
      viaGen.runCli(['module', NAME, '--fields', FIELDS], adminUrl),
    ]);

    expect(plopOutcome).toMatchObject({ code: 0 });
    expect(genOutcome).toMatchObject({ code: 0 });
    expect(plopOutcome.output).toContain(`created  src/modules/${NAME}/sample-invoice.entity.ts`);
    const [fromPlop, fromGen] = await Promise.all([written(viaPlop, plopBefore), written(viaGen, genBefore)]);
    expect([...fromPlop.keys()].sort()).toEqual([...fromGen.keys()].sort());
    expect(fromPlop.size).toBeGreaterThan(15);
    for (const [path, content] of fromGen) expect({ path, content: fromPlop.get(path) }).toEqual({ path, content });
  }, 120_000);

  it('takes named values after -- as well', async () => {
    const outcome = await plop(viaPlop, ['module', '--', '--name', 'receipts', '--fields', 'amount:int(0..1000)']);

    expect(outcome).toMatchObject({ code: 0 });
    await expect(readFile(join(viaPlop.root, 'src/modules/receipts/receipt.entity.ts'), 'utf8')).resolves.toContain(
      'class ReceiptEntity',
    );
  }, 120_000);

  it.each([
    [['module', 'orders', 'total:money count:integr'], /unknown type "money"[\s\S]*unknown type "integr"/],
    [['module', 'constructor', 'a:int'], /"constructors" would be refused too/],
    [['module', 'users', 'a:int'], /src\/modules\/users already exists/],
    [['module', 'orders'], /missing fields \(no terminal to ask in\)/],
    // The module the first test generated: the suite runs on its own modules, examples or not.
    [['field', NAME, 'number:text?'], /field "number" already exists/],
  ])(
    'refuses %j: non-zero, the message, nothing written',
    async (args, message) => {
      const before = await viaPlop.listFiles();

      const outcome = await plop(viaPlop, args);

      expect(outcome.code).toBe(1);
      expect(outcome.output).toMatch(message);
      expect(await viaPlop.listFiles()).toEqual(before);
    },
    60_000,
  );
});
