import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadCommand, LoadReply, LoadResult } from './load-protocol';

type Pending = Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>;

/** The harness side of the load-generator process: one long-lived child, one job at a time. */
export class LoadClient {
  private nextId = 1;
  private readonly pending: Pending = new Map();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: LoadReply) => {
      this.settle(message);
    });
    child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`load generator exited with ${code}`));
      this.pending.clear();
    });
  }

  static start(): LoadClient {
    const child = fork(join(__dirname, 'load-generator.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadClient(child);
  }

  run(command: Omit<LoadCommand, 'id'>): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...command, id });
    });
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  private settle(message: LoadReply): void {
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if ('error' in message) waiter.reject(new Error(`load generator: ${message.error}`));
    else waiter.resolve(message.result);
  }
}
