import { execFile, spawn } from 'node:child_process';
import { open, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { BenchDatabase } from './database';
import type { ExtraMeasurement } from './report';

/**
 * Wall time of the whole `npm test`, run after both servers have stopped. It uses the benchmark's
 * PostgreSQL server when DATABASE_URL is set, else the embedded one its own global setup starts.
 */
export async function measureNpmTest(
  root: string,
  workDir: string,
  database: BenchDatabase,
): Promise<ExtraMeasurement> {
  const logFile = join(workDir, 'npm-test.log');
  const env = database.origin === 'DATABASE_URL' ? process.env : withoutDatabaseUrl(process.env);
  const { seconds, exitCode } = await timeCommand('npm', ['test'], root, env, logFile);
  return {
    status: 'measured',
    seconds,
    detail: exitCode === 0 ? 'all tests passed' : `exit code ${exitCode}, see ${logFile}`,
  };
}

/** The example of docs/generators.md: every kind of column the timing should include. */
export const MODULE_GENERATION_ARGS = [
  'run',
  'gen',
  '--',
  'module',
  'invoices',
  '--fields',
  'number:string(30):unique total:decimal(12,2) dueAt:date? status:enum(draft,sent,paid)=draft',
] as const;

/**
 * Wall time of one real `module` generation, as a developer runs it (npm and Node start-up, the
 * scratch database for the migration diff, formatting, writing the files). It runs in a
 * throwaway checkout of HEAD sharing this one's node_modules, so the working tree is never
 * touched; skipped in quick runs and while the branch has no generators.
 */
export async function measureModuleGeneration(
  root: string,
  workDir: string,
  quick: boolean,
): Promise<ExtraMeasurement> {
  if (quick) return { status: 'skipped', reason: 'quick run' };
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.gen) {
    return { status: 'skipped', reason: 'no `gen` script: the generators are not on this branch yet' };
  }
  const checkout = join(workDir, 'generation-checkout');
  const command = `npm ${MODULE_GENERATION_ARGS.map(shellQuoted).join(' ')}`;
  const logFile = join(workDir, 'module-generation.log');
  await git(root, ['worktree', 'add', '--detach', checkout, 'HEAD']);
  try {
    await symlink(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const { seconds, exitCode } = await timeCommand('npm', MODULE_GENERATION_ARGS, checkout, process.env, logFile);
    if (exitCode !== 0)
      return { status: 'skipped', reason: `\`${command}\` failed (exit ${exitCode}), see ${logFile}` };
    return { status: 'measured', seconds, detail: `\`${command}\` in a scratch checkout of HEAD` };
  } finally {
    await git(root, ['worktree', 'remove', '--force', checkout]);
  }
}

function shellQuoted(arg: string): string {
  return /^[\w./:=-]+$/.test(arg) ? arg : `"${arg}"`;
}

async function git(cwd: string, args: readonly string[]): Promise<void> {
  await promisify(execFile)('git', [...args], { cwd });
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.DATABASE_URL;
  return copy;
}

async function timeCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<{ seconds: number; exitCode: number }> {
  const output = await open(logFile, 'w');
  const startedAt = performance.now();
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', output.fd, output.fd] });
      child.on('error', reject);
      child.on('exit', (code) => {
        resolve(code ?? 1);
      });
    });
    return { seconds: (performance.now() - startedAt) / 1000, exitCode };
  } finally {
    await output.close();
  }
}
