import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  aptPackagesOf,
  environmentOf,
  execForm,
  instructionsOf,
  parseDockerfile,
  stageNamed,
} from '../scripts/lib/dockerfile';
import { preloadEntries } from '../scripts/lib/preload';

/**
 * How the template runs in production, read from the files that ship it (the Dockerfile's CMD and
 * the Kubernetes Deployment), so the benchmark measures the process as deployed rather than a copy
 * of its settings that could drift.
 */
export interface ShippedRuntime {
  /** Flags between `node` and `dist/main.js` in the runtime stage's CMD. */
  readonly nodeFlags: readonly string[];
  /** `resources.limits.memory` of the app container in deploy/k8s/deployment.yaml. */
  readonly memoryLimitBytes: number | undefined;
  readonly node: ShippedNode;
  readonly allocator: ShippedAllocator;
}

/** The Node the runtime image ships. */
export interface ShippedNode {
  /** Base image of the Dockerfile's runtime stage, ARG defaults substituted: `node:24-bookworm-slim`. */
  readonly image: string;
  /** The Node major its tag names; undefined for a tag without one (`node:lts-slim`, another image). */
  readonly major: number | undefined;
}

/** The allocator settings of the runtime stage's ENV, which every process in the image runs with. */
export interface ShippedAllocator {
  /** LD_PRELOAD as paths in the image (`/usr/local/lib/libjemalloc.so.2`); empty: glibc malloc. */
  readonly preload: readonly string[];
  /** jemalloc's options, when the image sets them. */
  readonly mallocConf: string | undefined;
  /** What the runtime stage installs with apt-get, for the hint when this machine lacks a preload. */
  readonly packages: readonly string[];
}

const ENTRY_SCRIPT = 'dist/main.js';

export async function readShippedRuntime(root: string): Promise<ShippedRuntime> {
  const [dockerfile, deployment] = await Promise.all([
    readFile(join(root, 'Dockerfile'), 'utf8'),
    readFile(join(root, 'deploy', 'k8s', 'deployment.yaml'), 'utf8'),
  ]);
  return {
    nodeFlags: shippedNodeFlags(dockerfile),
    memoryLimitBytes: deploymentMemoryLimitBytes(deployment),
    node: shippedNode(dockerfile),
    allocator: shippedAllocator(dockerfile),
  };
}

/** `node:24-bookworm-slim`, `docker.io/library/node:24.11@sha256:…` → 24. */
const NODE_IMAGE_MAJOR = /(?:^|\/)node:(\d+)(?=$|[.@-])/;

export function shippedNode(dockerfileText: string): ShippedNode {
  const { base } = stageNamed(parseDockerfile(dockerfileText), 'runtime');
  const major = NODE_IMAGE_MAJOR.exec(base)?.[1];
  return { image: base, major: major === undefined ? undefined : Number(major) };
}

export function shippedNodeFlags(dockerfileText: string): string[] {
  const [command] = instructionsOf(stageNamed(parseDockerfile(dockerfileText), 'runtime'), 'CMD').slice(-1);
  const argv = command === undefined ? undefined : execForm(command.argument);
  if (argv?.[0] !== 'node' || argv.at(-1) !== ENTRY_SCRIPT) {
    throw new Error(`the runtime stage's CMD is not ["node", …flags, "${ENTRY_SCRIPT}"]: ${command?.argument}`);
  }
  return argv.slice(1, -1);
}

export function shippedAllocator(dockerfileText: string): ShippedAllocator {
  const runtime = stageNamed(parseDockerfile(dockerfileText), 'runtime');
  const environment = environmentOf(runtime);
  return {
    preload: preloadEntries(environment.LD_PRELOAD),
    mallocConf: environment.MALLOC_CONF,
    packages: instructionsOf(runtime, 'RUN').flatMap(aptPackagesOf),
  };
}

interface ContainerSpec {
  readonly resources?: { readonly limits?: { readonly memory?: unknown } };
}

interface DeploymentDocument {
  readonly kind?: unknown;
  readonly spec?: { readonly template?: { readonly spec?: { readonly containers?: readonly ContainerSpec[] } } };
}

/** The first container's memory limit, in bytes; undefined when the Deployment sets none. */
export function deploymentMemoryLimitBytes(manifestText: string): number | undefined {
  const deployment = parseAllDocuments(manifestText)
    .map((document) => document.toJS() as DeploymentDocument | null)
    .find((document) => document?.kind === 'Deployment');
  if (!deployment) throw new Error('deploy/k8s/deployment.yaml holds no Deployment');
  const limit = deployment.spec?.template?.spec?.containers?.[0]?.resources?.limits?.memory;
  if (limit === undefined) return undefined;
  if (typeof limit !== 'string' && typeof limit !== 'number') throw new Error(`limits.memory is not a quantity`);
  return memoryQuantityBytes(String(limit));
}

const QUANTITY_SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** A Kubernetes memory quantity (`384Mi`, `1G`, `500000000`) in bytes. */
export function memoryQuantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([kMG]i?|Ki)?$/.exec(quantity.trim());
  const multiplier = QUANTITY_SUFFIXES[match?.[2] ?? ''];
  if (!match?.[1] || multiplier === undefined) throw new Error(`not a memory quantity: "${quantity}"`);
  return Math.round(Number(match[1]) * multiplier);
}
