import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

/** Arguments of the timed generation; `--dry-run` computes and formats every file but writes none. */
export const MODULE_GENERATION_ARGS = [
  'run',
  'gen',
  '--',
  'module',
  'bench-widgets',
  '--fields',
  'title:string(200) body:text',
  '--dry-run',
] as const;

/**
 * Wall time of one `module` generation, including npm and Node start-up as a developer sees it.
 * It is a dry run, so the working tree is never touched; skipped while the branch has no generators.
 */
export async function measureModuleGeneration(root: string, workDir: string): Promise<ExtraMeasurement> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.gen) {
    return { status: 'skipped', reason: 'no `gen` script: the generators are not on this branch yet' };
  }
  const command = `npm ${MODULE_GENERATION_ARGS.join(' ')}`;
  const logFile = join(workDir, 'module-generation.log');
  const { seconds, exitCode } = await timeCommand('npm', MODULE_GENERATION_ARGS, root, process.env, logFile);
  if (exitCode !== 0) return { status: 'skipped', reason: `\`${command}\` failed (exit ${exitCode}), see ${logFile}` };
  return { status: 'measured', seconds, detail: `\`${command}\`` };
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
