import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { withAdminClient } from '../../utils/test-database';
import type { GeneratorReply, GeneratorRequest } from './generator-worker';

const run = promisify(execFile);
const REPOSITORY = join(__dirname, '..', '..', '..');
const NODE = process.execPath;
const SWC = ['-r', '@swc-node/register'];

export interface Outcome {
  readonly code: number;
  readonly output: string;
}

/** A check of `checkGenerated` that did not pass: which one, and what it printed. */
export interface FailedCheck extends Outcome {
  readonly check: string;
}

/**
 * A throwaway copy of the repository (tracked and untracked-but-not-ignored files; node_modules
 * shared by symlink) where generator contract tests can generate, compile, lint and test freely.
 */
export class RepositoryCopy {
  /** Runs `generate`'s commands; started on the first one. */
  private generator: GeneratorProcess | undefined;

  private constructor(readonly root: string) {}

  static async create(): Promise<RepositoryCopy> {
    const root = await mkdtemp(join(tmpdir(), 'generators-contract-'));
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: REPOSITORY,
      maxBuffer: 16 * 1024 * 1024,
    });
    // `--cached` also lists files deleted but not yet committed (a fresh `init`): they are not copied.
    const present = stdout.split('\0').filter((path) => path.length > 0 && existsSync(join(REPOSITORY, path)));
    for (const file of present) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await copyFile(join(REPOSITORY, file), join(root, file));
    }
    await symlink(join(REPOSITORY, 'node_modules'), join(root, 'node_modules'), 'dir');
    return new RepositoryCopy(root);
  }

  async remove(): Promise<void> {
    await this.generator?.stop();
    await rm(this.root, { recursive: true, force: true });
  }

  /**
   * Runs `npm run gen -- <args>` in the copy, as the CLI's own code does it, in one process the
   * copy keeps for all its commands (test/generators/support/generator-worker.ts); generated
   * migrations need a server at DATABASE_URL. `runCli` starts the real command instead.
   */
  generate(args: readonly string[], databaseUrl: string): Promise<Outcome> {
    this.generator ??= new GeneratorProcess(this.root);
    return this.generator.run(args, { DATABASE_URL: databaseUrl });
  }

  /** Runs `npm run gen -- <args>` in the copy as its own process, as a developer types it. */
  runCli(args: readonly string[], databaseUrl: string): Promise<Outcome> {
    return this.node([...SWC, 'generators/cli.ts', ...args], { DATABASE_URL: databaseUrl });
  }

  /**
   * Runs each generator command in turn, as a suite builds its fixture modules (`module …`) and the
   * changes it then checks; throws with the output of the first command that fails.
   */
  async generateAll(commands: readonly (readonly string[])[], databaseUrl: string): Promise<void> {
    for (const args of commands) {
      const outcome = await this.generate(args, databaseUrl);
      if (outcome.code !== 0) throw new Error(`npm run gen -- ${args.join(' ')} failed:\n${outcome.output}`);
    }
  }

  /** A file of the copy, by its path relative to the root. */
  read(path: string): Promise<string> {
    return readFile(join(this.root, path), 'utf8');
  }

  /** The generator must refuse: exit 1 with `message`, say so, and leave every file as it was. */
  async expectRefusal(args: readonly string[], databaseUrl: string, message: RegExp): Promise<void> {
    const before = await this.listFiles();

    const outcome = await this.generate(args, databaseUrl);

    expect(outcome.code).toBe(1);
    expect(outcome.output).toMatch(message);
    expect(outcome.output).toContain('Nothing was written.');
    expect(await this.listFiles()).toEqual(before);
  }

  /** Runs a Node.js script of the copy (paths relative to its root). */
  node(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
    return runNode(this.root, args, env);
  }

  /**
   * Type-check of the whole copy, lint and format-check of every file under src/ and test/ the
   * generators created or changed, in parallel. The files they left as the repository has them
   * are the repository's own `npm run lint` and `format:check`'s to check, not each copy's.
   */
  async staticChecks(): Promise<Outcome[]> {
    const changed = (await this.changedFiles()).filter((path) => /^(src|test)\/.*\.ts$/.test(path));
    return Promise.all([
      this.node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit', '--incremental', 'false']),
      this.lint(changed),
      this.formatCheck(changed),
    ]);
  }

  /**
   * ESLint (`npm run lint`'s first part) on those of `paths` it reads: scripts, not Markdown or
   * YAML, and not what its config ignores. Zero warnings, as the repository's lint.
   */
  lint(paths: readonly string[]): Promise<Outcome> {
    const scripts = paths.filter((path) => /\.(ts|js|mjs|cjs)$/.test(path));
    if (scripts.length === 0) return Promise.resolve({ code: 0, output: 'no script to lint' });
    return this.node(['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '--no-warn-ignored', ...scripts]);
  }

  /** `npm run format:check` on `paths`: Prettier skips what .prettierignore lists and what it cannot parse. */
  formatCheck(paths: readonly string[]): Promise<Outcome> {
    if (paths.length === 0) return Promise.resolve({ code: 0, output: 'no file to check' });
    return this.node(['node_modules/prettier/bin/prettier.cjs', '--check', '--ignore-unknown', ...paths]);
  }

  /** Files of the copy (relative paths) that the repository lacks or has with other content. */
  async changedFiles(): Promise<string[]> {
    const changed: string[] = [];
    for (const file of await this.listFiles()) {
      const path = relative(this.root, file);
      const original = await readFile(join(REPOSITORY, path), 'utf8').catch(() => undefined);
      if (original === undefined || original !== (await readFile(file, 'utf8'))) changed.push(path);
    }
    return changed;
  }

  /**
   * What generated code must pass on its first run, in parallel: the copy's type-check and
   * architecture rules, lint and format of the generated files, Spectral on the OpenAPI document,
   * and the given tests (the copy's
   * Jest global setup migrates a template database on the server at `databaseUrl`). Returns the
   * checks that failed, each with its name and output, so `expect(failed).toEqual([])` shows why.
   * ESLint and Prettier read the files under `generated` (paths or folders) that the generators
   * created or changed, as `staticChecks` does: the others are as the repository has them.
   */
  async checkGenerated(
    generated: readonly string[],
    tests: readonly string[],
    databaseUrl: string,
  ): Promise<FailedCheck[]> {
    const written = (await this.changedFiles()).filter((path) =>
      generated.some((given) => path === given || path.startsWith(`${given}/`)),
    );
    if (written.length === 0)
      return [{ check: 'generated', code: 1, output: `nothing written under ${generated.join(', ')}` }];
    const checks: Record<string, Promise<Outcome>> = {
      typecheck: this.node([
        'node_modules/typescript/bin/tsc',
        '-p',
        'tsconfig.json',
        '--noEmit',
        '--incremental',
        'false',
      ]),
      lint: this.lint(written),
      format: this.formatCheck(written),
      architecture: this.node([
        'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
        'src',
        '--config',
        '.dependency-cruiser.cjs',
      ]),
      // The whole OpenAPI document, as `npm run lint:openapi` checks it (generated DTOs are in it).
      openapi: this.node(['-r', '@swc-node/register', 'scripts/openapi.ts', '.tmp/generated-openapi.json']).then(
        async (written) =>
          written.code === 0
            ? this.node([
                'node_modules/@stoplight/spectral-cli/dist/index.js',
                'lint',
                '--fail-severity=warn',
                '.tmp/generated-openapi.json',
              ])
            : written,
      ),
      tests: this.node(['node_modules/jest/bin/jest.js', '--ci', '--maxWorkers=2', ...tests], {
        DATABASE_URL: databaseUrl,
      }),
    };
    const outcomes = await Promise.all(
      Object.entries(checks).map(async ([check, outcome]) => ({ check, ...(await outcome) })),
    );
    return outcomes.filter((outcome) => outcome.code !== 0);
  }

  /** Every file path under the copy (not node_modules), to prove a failed run wrote nothing. */
  async listFiles(): Promise<string[]> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && !entry.parentPath.includes('node_modules'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  }
}

/**
 * The long-lived process that runs a copy's generator commands one at a time (generator-worker.ts).
 * Should it die, the command it was running and any after it fail with what it printed.
 */
class GeneratorProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (outcome: Outcome) => void>();
  private nextId = 0;
  /** The process's own output outside commands: a crash's stack trace. */
  private log = '';
  private exit: string | undefined;

  constructor(root: string) {
    this.child = spawn(NODE, [...SWC, 'test/generators/support/generator-worker.ts'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child.on('message', (reply: GeneratorReply) => {
      this.pending.get(reply.id)?.({ code: reply.code, output: reply.stdout + reply.stderr });
      this.pending.delete(reply.id);
    });
    this.child.on('exit', (code, signal) => {
      this.exit = `the generator process exited (${signal ?? code}):\n${this.log}`;
      for (const settle of this.pending.values()) settle({ code: 3, output: this.exit });
      this.pending.clear();
    });
  }

  run(args: readonly string[], env: Record<string, string>): Promise<Outcome> {
    if (this.exit !== undefined) return Promise.resolve({ code: 3, output: this.exit });
    const request: GeneratorRequest = { id: this.nextId++, args, env };
    return new Promise((resolve) => {
      this.pending.set(request.id, resolve);
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.exit !== undefined) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}

/**
 * Runs `npm run gen -- <args>` in the repository itself, for what needs its own files and writes
 * nothing (`--dry-run`, refusals): no copy to make.
 */
export function generateInRepository(args: readonly string[], databaseUrl: string): Promise<NodeOutcome> {
  return runNode(REPOSITORY, [...SWC, 'generators/cli.ts', ...args], { DATABASE_URL: databaseUrl });
}

/** An outcome whose standard output is also kept apart: what a golden text compares, without warnings. */
export interface NodeOutcome extends Outcome {
  readonly stdout: string;
}

/** Runs a Node.js script in `root` (paths relative to it); a failure is an outcome, not an exception. */
async function runNode(root: string, args: readonly string[], env: Record<string, string>): Promise<NodeOutcome> {
  try {
    const { stdout, stderr } = await run(NODE, [...args], {
      cwd: root,
      env: { ...process.env, ...env, NODE_ENV: 'test' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    const stdout = failure.stdout ?? '';
    return { code: failure.code ?? 1, output: `${stdout}${failure.stderr ?? ''}`, stdout };
  }
}

export async function publicTables(url: string): Promise<string[]> {
  return withAdminClient(url, async (client) => {
    const result = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return result.rows.map((row) => row.name);
  });
}
