import { join } from 'node:path';
import type * as Cli from '../../../generators/cli';

/** A generator command line to run, from `RepositoryCopy.generate`. */
export interface GeneratorRequest {
  readonly id: number;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** What the command printed and its exit code, as a separate `npm run gen` process would report them. */
export interface GeneratorReply {
  readonly id: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `npm run gen` command lines for `RepositoryCopy`, one at a time, in one long-lived process
 * started in the copy (its working directory): each command in a fresh process would load Node,
 * TypeScript, Prettier and TypeORM again, most of a generator run's time. Before each command, the
 * modules of the copy itself (generators, entities, templates' helpers: everything but
 * node_modules) leave the require cache, so a command reads the files earlier ones wrote, as a new
 * process would.
 */
function serve(): void {
  const root = process.cwd();
  const dependencies = join(root, 'node_modules');
  let queue = Promise.resolve();
  process.on('message', (request: GeneratorRequest) => {
    queue = queue.then(async () => {
      for (const path of Object.keys(require.cache)) {
        if (path.startsWith(`${root}/`) && !path.startsWith(`${dependencies}/`))
          Reflect.deleteProperty(require.cache, path);
      }
      const reply = await captured(request).catch((error: unknown): GeneratorReply => ({
        id: request.id,
        code: 3,
        stdout: '',
        stderr: String(error),
      }));
      process.send?.(reply);
    });
  });
}

/** Runs the command with its environment, collecting what it writes to standard output and error. */
async function captured(request: GeneratorRequest): Promise<GeneratorReply> {
  const output = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const writes = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      output[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    };
  }
  const previous = { ...process.env };
  Object.assign(process.env, request.env);
  try {
    // Imported again each time: the require cache was just cleared.
    const { runCli } = (await import(join(process.cwd(), 'generators', 'cli.ts'))) as typeof Cli;
    const code = await runCli(request.args);
    return { id: request.id, code, ...output };
  } finally {
    for (const name of Object.keys(request.env)) {
      if (previous[name] === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = previous[name];
    }
    streams.stdout.write = writes.stdout;
    streams.stderr.write = writes.stderr;
  }
}

serve();
