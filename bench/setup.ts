import { transformFile } from '@swc/core';
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchOptions } from './options';
import type { ServerKind, ServerSpec } from './servers';

/** `npm run build`: the reference app is measured as shipped, from `dist/`. */
export async function buildReference(root: string, log: (message: string) => void): Promise<void> {
  log('building the reference app (npm run build)');
  await runCommand('npm', ['run', 'build', '--silent'], root, process.env);
}

/**
 * Transpiles bench/raw to plain JavaScript, so the baseline starts like a built app rather than
 * through a TypeScript loader. Returns the path of its entry script.
 */
export async function compileRawApp(root: string, outDir: string): Promise<string> {
  const sourceDir = join(root, 'bench', 'raw');
  await mkdir(outDir, { recursive: true });
  const sources = (await readdir(sourceDir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  for (const file of sources) {
    const { code } = await transformFile(join(sourceDir, file), { cwd: root, swcrc: true, sourceMaps: false });
    await writeFile(join(outDir, file.replace(/\.ts$/, '.js')), code);
  }
  return join(outDir, 'main.js');
}

/** The release step the template ships (`dist/migrate.js`), or its source when not building. */
export async function runMigrations(root: string, built: boolean, databaseUrl: string, node: string): Promise<void> {
  const args = built ? ['dist/migrate.js'] : ['-r', '@swc-node/register', 'src/migrate.ts'];
  await runCommand(node, args, root, { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl });
}

export interface SpecInput {
  readonly root: string;
  readonly rawEntry: string;
  readonly databaseUrl: string;
  readonly options: BenchOptions;
  readonly nodeBinary: string;
  readonly nodeFlags: readonly string[];
  /** LD_PRELOAD and MALLOC_CONF of both servers (ServerAllocator.env). */
  readonly allocatorEnv: Readonly<Record<string, string>>;
  readonly cgroupProcsFiles: Partial<Record<ServerKind, string>>;
  /** AUTH_JWT_* of both servers, which verify the same tokens (scripts/lib/load-test-auth.ts). */
  readonly authEnv: Readonly<Record<string, string>>;
}

/**
 * Both servers run in production mode at info level with the same pool and allocator. The
 * reference app's rate limit is raised far above what one load generator sends: the throttler
 * still runs on every request (its cost is part of the template), it just never rejects. The window is the
 * default one: the in-memory storage keeps one counter per client, so a single heavy client costs
 * no more per request than a light one.
 */
export function serverSpecs(input: SpecInput): Record<ServerKind, ServerSpec> {
  const { root, rawEntry, databaseUrl, options, nodeBinary, nodeFlags, allocatorEnv, cgroupProcsFiles, authEnv } =
    input;
  const common = {
    ...allocatorEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(options.poolSize),
  };
  return {
    raw: {
      kind: 'raw',
      nodeBinary,
      nodeArgs: [...nodeFlags, rawEntry],
      env: { ...common, ...authEnv },
      cwd: root,
      cgroupProcsFile: cgroupProcsFiles.raw,
    },
    reference: {
      kind: 'reference',
      nodeBinary,
      nodeArgs: [...nodeFlags, ...(options.build ? ['dist/main.js'] : ['-r', '@swc-node/register', 'src/main.ts'])],
      env: { ...common, ...authEnv, THROTTLE_LIMIT: '1000000' },
      cwd: root,
      cgroupProcsFile: cgroupProcsFiles.reference,
    },
  };
}

/** Runs a command to completion with its output on stderr; rejects on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}
