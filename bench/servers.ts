import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRssBytes } from './proc';

export type ServerKind = 'raw' | 'reference';
export const SERVER_KINDS: readonly ServerKind[] = ['raw', 'reference'];

export interface ServerSpec {
  readonly kind: ServerKind;
  /** The node binary to run; see ServerNode. */
  readonly nodeBinary: string;
  /** Node arguments: the entry script and any loader flags. */
  readonly nodeArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** `cgroup.procs` of the memory cgroup the server runs in; see MemoryCgroup. */
  readonly cgroupProcsFile?: string;
}

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  readonly baseUrl: string;
  readonly logFile: string;
  /** Spawn to the first 200 on /health/ready (or the first response at all, see readinessRoute). */
  readonly startupMs: number;
  /** False when /health/ready answered 404: the app has no readiness route yet. */
  readonly readinessRoute: boolean;
  readonly rssAfterStartBytes: number;
  stop(): Promise<void>;
}

const STARTUP_DEADLINE_MS = 60_000;
const POLL_INTERVAL_MS = 5;
const STOP_GRACE_MS = 10_000;
/** Lets the process finish what it scheduled right after listening before RSS is read. */
const SETTLE_MS = 200;

/**
 * Spawns the server with its stdout (the pino lines) going to `logFile`, as a production log
 * collector would read it, and waits until it is ready. Only the variables in `spec.env` and PATH
 * reach it, so the developer's shell cannot change what is measured.
 */
export async function startServer(spec: ServerSpec, port: number, logFile: string): Promise<RunningServer> {
  const log = await open(logFile, 'a');
  const errorFile = `${logFile}.stderr`;
  const errors = await open(errorFile, 'a');
  const startedAt = performance.now();
  const { command, args } = serverCommandLine(spec);
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH ?? '', ...spec.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log.fd, errors.fd],
  });
  await Promise.all([log.close(), errors.close()]);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const readiness = await waitUntilReady(child, baseUrl);
    const startupMs = performance.now() - startedAt;
    await sleep(SETTLE_MS);
    const { pid } = child;
    if (pid === undefined) throw new Error('the process has no pid');
    return {
      kind: spec.kind,
      pid,
      baseUrl,
      logFile,
      startupMs,
      readinessRoute: readiness.status === 200,
      rssAfterStartBytes: await readRssBytes(pid),
      stop: () => stopProcess(child),
    };
  } catch (error) {
    await stopProcess(child);
    const stderr = (await readFile(errorFile, 'utf8')).slice(-2_000);
    throw new Error(`${spec.kind} server did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

/**
 * With a cgroup, a shell joins it first and then execs node, so node is inside before it starts and
 * sizes its heap from the limit; the pid stays the same, so CPU and RSS are still read from it.
 */
export function serverCommandLine(spec: ServerSpec): { command: string; args: string[] } {
  if (spec.cgroupProcsFile === undefined) return { command: spec.nodeBinary, args: [...spec.nodeArgs] };
  const joinThenExec = 'echo $$ > "$1" || exit 97; shift; exec "$@"';
  return {
    command: '/bin/sh',
    args: ['-c', joinThenExec, 'sh', spec.cgroupProcsFile, spec.nodeBinary, ...spec.nodeArgs],
  };
}

async function waitUntilReady(child: ChildProcess, baseUrl: string): Promise<{ status: number }> {
  const deadline = performance.now() + STARTUP_DEADLINE_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited early (${child.exitCode ?? child.signalCode})`);
    }
    const status = await statusOf(`${baseUrl}/health/ready`);
    if (status === 200 || status === 404) return { status };
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`no 200 from /health/ready within ${STARTUP_DEADLINE_MS} ms`);
}

/** Status of one GET on a fresh connection; undefined while nothing listens yet. */
export function statusOf(
  url: string,
  init: { method?: string; body?: string; headers?: Readonly<Record<string, string>> } = {},
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        timeout: 2_000,
        headers: { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          resolve(response.statusCode);
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy());
    outgoing.on('error', () => {
      resolve(undefined);
    });
    outgoing.end(init.body);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(forced);
}

/** Lines in the server's log: with one line per request, about one per request served. */
export async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 0x0a) lines += 1;
  }
  return lines;
}
