import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process with its combined output kept for failure messages. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  output(): string;
}

export function startProcess(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): RunningProcess {
  const [command = '', ...args] = argv;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, exited, output: () => output };
}

/** Runs to completion; the caller asserts on the status and output. */
export async function runProcess(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ExitStatus & { output: string }> {
  const running = startProcess(argv, options);
  const status = await running.exited;
  return { ...status, output: running.output() };
}

/** A port the OS just handed out; free unless another process grabs it within milliseconds. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** Polls `url` until it answers `status`; fails early if the process exits first. */
export async function waitForStatus(
  url: string,
  status: number,
  running: RunningProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const state = { exited: false };
  void running.exited.then(() => (state.exited = true));
  let last = 'no response';
  while (Date.now() < deadline && !state.exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === status) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(
    `${url} did not answer ${status} (last: ${last}, exited: ${state.exited}). Output:\n${running.output()}`,
  );
}
