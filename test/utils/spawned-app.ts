import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config';
import { authHeader } from './auth';
import type { Headers } from './http';
import { LOAD_SHEDDING_OFF } from './load-shedding-off';

const ROOT = join(__dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 30_000;

export interface SpawnedApp {
  readonly process: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/**
 * The signing key of every spawned app (and of the production-image replay), so a test can mint
 * tokens that app accepts (spawnedAppAuthHeader).
 */
export const SPAWNED_APP_JWT_KEYS = `spawned:${'A'.repeat(43)}`;

/**
 * The Authorization header of a new admin in the spawned app's database: created in this process
 * through the app's own services and signed with the spawned app's key, as `authHeader` does for
 * createTestApp; no HTTP login.
 */
export async function spawnedAppAuthHeader(databaseUrl: string): Promise<Headers> {
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      AUTH_JWT_KEYS: SPAWNED_APP_JWT_KEYS,
      ...LOAD_SHEDDING_OFF,
    }),
  );
  try {
    return await authHeader(app, { role: 'admin' });
  } finally {
    await app.close();
  }
}

/** `src/main.ts` on `port` with only `env` (and what a process needs) in its environment. */
function spawnMain(port: number, env: Readonly<Record<string, string>>): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...LOAD_SHEDDING_OFF,
      AUTH_JWT_KEYS: SPAWNED_APP_JWT_KEYS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `src/main.ts` exactly as production would (minus the build), for tests that need a real
 * process: signals, exit codes, sockets.
 */
export async function spawnApp(env: Readonly<Record<string, string>>): Promise<SpawnedApp> {
  const port = await freePort();
  const child = spawnMain(port, env);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const spawned = { process: child, port, exited, output: () => output };
  await waitUntilListening(spawned);
  return spawned;
}

export interface FinishedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawning the process to its exit. */
  readonly elapsedMs: number;
}

/**
 * Runs `src/main.ts` as `spawnApp` does, for a start that is expected to fail: resolves when the
 * process exits, or kills it after `timeoutMs` (its code is then null).
 */
export async function runUntilExit(env: Readonly<Record<string, string>>, timeoutMs: number): Promise<FinishedRun> {
  const port = await freePort();
  const startedAt = Date.now();
  const child = spawnMain(port, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => {
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (exitCode, exitSignal) => {
      resolve({ code: exitCode, signal: exitSignal });
    });
  });
  clearTimeout(killer);
  return { code, signal, stdout, stderr, elapsedMs: Date.now() - startedAt };
}

async function waitUntilListening(app: SpawnedApp): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`app exited during startup:\n${app.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/health/live`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  app.process.kill('SIGKILL');
  throw new Error(`app did not start within ${STARTUP_TIMEOUT_MS} ms:\n${app.output()}`);
}
