import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import {
  aptPackagesOf,
  type Dockerfile,
  type Instruction,
  type Stage,
  stageNamed,
} from '../../../scripts/lib/dockerfile';
import { dockerignoreFilter } from './dockerignore';

const run = promisify(execFile);

/** A stage's filesystem after replaying it: `root` stands for `/`, `workdir` is absolute in the image. */
export interface AssembledStage {
  readonly root: string;
  readonly workdir: string;
}

/**
 * Replays Dockerfile stages on the host, without a Docker engine: WORKDIR, COPY (from the build
 * context filtered by .dockerignore, or from another stage) and RUN, each stage in its own
 * directory. Two substitutions: the full `npm ci` of the dependencies stage is not repeated; it
 * links the project's own node_modules, which `npm ci` installed from the same lockfile. A RUN that
 * installs system packages (`apt-get install`) is skipped as a whole: the host is not the image's
 * Debian and is never changed; the host's own copies stand in, see scripts/lib/preload.ts.
 * Production installs (`npm ci --omit=dev`) do run, offline-first from the npm cache.
 */
export class ImageAssembler {
  private readonly assembled = new Map<string, Promise<AssembledStage>>();
  private readonly inContext: (relativePath: string) => boolean;

  constructor(
    private readonly dockerfile: Dockerfile,
    private readonly context: string,
    private readonly workspace: string,
  ) {
    this.inContext = dockerignoreFilter(readFileSync(join(context, '.dockerignore'), 'utf8'));
  }

  /** Builds a stage once; independent stages may be built concurrently, as BuildKit does. */
  assemble(name: string): Promise<AssembledStage> {
    let assembling = this.assembled.get(name);
    if (!assembling) {
      assembling = this.build(name);
      this.assembled.set(name, assembling);
    }
    return assembling;
  }

  private async build(name: string): Promise<AssembledStage> {
    const stage = stageNamed(this.dockerfile, name);
    const parent = this.dockerfile.stages.some((candidate) => candidate.name === stage.base)
      ? await this.assemble(stage.base)
      : undefined;
    const root = join(this.workspace, name);
    if (parent) cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
    else mkdirSync(root, { recursive: true });

    let workdir = parent?.workdir ?? '/';
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') {
        workdir = instruction.argument;
        mkdirSync(join(root, workdir), { recursive: true });
      } else if (instruction.keyword === 'COPY') {
        await this.copy(instruction, join(root, workdir));
      } else if (instruction.keyword === 'RUN') {
        await this.run(stage, instruction, join(root, workdir));
      }
    }
    return { root, workdir };
  }

  private async copy(instruction: Instruction, workdir: string): Promise<void> {
    const parts = instruction.argument.split(/\s+/);
    const destination = join(workdir, parts.at(-1)!);
    const sources = parts.slice(0, -1);
    const into = sources.length > 1 || parts.at(-1)!.endsWith('/');
    const from = instruction.flags.from;
    const sourceRoot = from === undefined ? this.context : (await this.assemble(from)).root;

    for (const source of sources) {
      const target = into ? join(destination, basename(source)) : destination;
      if (from !== undefined) {
        // Hard links: as good as a copy for files nobody modifies, and instant for node_modules.
        await run('cp', ['-al', join(sourceRoot, source), target]);
        continue;
      }
      cpSync(join(sourceRoot, source), target, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (path) => path === sourceRoot || this.inContext(relative(sourceRoot, path)),
      });
    }
  }

  private async run(stage: Stage, instruction: Instruction, workdir: string): Promise<void> {
    if (/^npm ci(?!.*--omit=dev)/.test(instruction.argument)) {
      linkInstalledDependencies(join(this.context, 'node_modules'), join(workdir, 'node_modules'));
      return;
    }
    if (aptPackagesOf(instruction).length > 0) return;
    try {
      await run('sh', ['-c', instruction.argument], {
        cwd: workdir,
        env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string };
      throw new Error(
        `RUN ${instruction.argument} failed in stage ${stage.name}:\n${output.stdout}\n${output.stderr}`,
        {
          cause: error,
        },
      );
    }
  }
}

/**
 * A real node_modules directory whose entries link to the installed packages, so tools write their
 * caches (e.g. tsc's build info under node_modules/.cache) here rather than into the project.
 */
function linkInstalledDependencies(installed: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(installed)) {
    if (entry === '.cache' || !statSync(join(installed, entry)).isDirectory()) continue;
    symlinkSync(join(installed, entry), join(target, entry), 'dir');
  }
}
