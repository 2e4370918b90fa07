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

/** Generators are another part of the template; their timing is recorded once they exist. */
export async function measureModuleGeneration(root: string): Promise<ExtraMeasurement> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.gen)
    return { status: 'skipped', reason: 'no `gen` script: the generators are not on this branch yet' };
  return { status: 'skipped', reason: 'the generator command line is not wired into the harness yet' };
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
