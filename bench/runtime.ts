import { type ServerAllocator, serverAllocator } from './allocator';
import { readShippedRuntime, type ShippedNode } from './deployment';
import { createMemoryCgroup, type MemoryCgroup } from './memory-cgroup';
import { runsImageNode, type ServerNode } from './node-binary';
import type { BenchOptions } from './options';
import { SERVER_KINDS, type ServerKind } from './servers';

/** The process conditions both servers run under, and where each came from (for the report). */
export interface ServerRuntime {
  readonly node: ServerNode;
  /** What the production image runs, to compare `node.version` with. */
  readonly imageNode: ShippedNode;
  /** False also when the image's tag names no major to compare with. */
  readonly nodeMatchesImage: boolean;
  readonly nodeFlags: readonly string[];
  readonly nodeFlagsSource: string;
  /** The runtime stage's LD_PRELOAD and MALLOC_CONF, mapped to this machine. */
  readonly allocator: ServerAllocator;
  /** Undefined: no limit, the server may use the whole machine. */
  readonly memoryLimitMiB: number | undefined;
  readonly memoryLimitSource: string;
  /** How the limit is enforced (`cgroup v1 memory.limit_in_bytes`), or why it is not. */
  readonly memoryLimitEnforcement: string;
  readonly memoryLimitEnforced: boolean;
}

export interface PreparedRuntime {
  readonly runtime: ServerRuntime;
  /** Per server, the cgroup to start it in; empty when no limit is enforced. */
  readonly cgroupProcsFiles: Partial<Record<ServerKind, string>>;
  release(): Promise<void>;
}

const MIB = 1024 * 1024;

/**
 * By default both servers run as the template ships: with the Dockerfile CMD's node flags, the
 * allocator its runtime stage preloads and, in a cgroup of its own each, under the Deployment's
 * memory limit. The raw app gets the same flags, allocator and limit, so the ratios compare the
 * code, not the process settings. The Node version is the one setting the bench cannot take from
 * the repository; `node` is compared with the image's.
 */
export async function prepareServerRuntime(
  root: string,
  options: BenchOptions,
  node: ServerNode,
): Promise<PreparedRuntime> {
  const shipped = await readShippedRuntime(root);
  const nodeFlags = options.nodeFlags ?? shipped.nodeFlags;
  const nodeFlagsSource = options.nodeFlags === undefined ? "the Dockerfile's CMD" : '--node-flags';
  const limitMiB =
    options.memoryLimitMiB ?? (shipped.memoryLimitBytes === undefined ? 0 : shipped.memoryLimitBytes / MIB);
  const memoryLimitSource =
    options.memoryLimitMiB === undefined ? 'limits.memory of deploy/k8s/deployment.yaml' : '--memory-limit';
  const nodeMatchesImage = runsImageNode(node.version, shipped.node);
  const allocator = serverAllocator(shipped.allocator);
  const base = {
    node,
    imageNode: shipped.node,
    nodeMatchesImage,
    nodeFlags,
    nodeFlagsSource,
    allocator,
    memoryLimitSource,
  };
  if (limitMiB === 0) {
    const runtime = { ...base, memoryLimitMiB: undefined, memoryLimitEnforcement: 'none', memoryLimitEnforced: false };
    return { runtime, cgroupProcsFiles: {}, release: () => Promise.resolve() };
  }

  const cgroups: MemoryCgroup[] = [];
  const cgroupProcsFiles: Partial<Record<ServerKind, string>> = {};
  const release = async (): Promise<void> => {
    for (const cgroup of cgroups.splice(0)) await cgroup.remove();
  };
  for (const kind of SERVER_KINDS) {
    const cgroup = await createMemoryCgroup(`bench-${process.pid}-${kind}`, Math.round(limitMiB * MIB));
    if (typeof cgroup === 'string') {
      await release();
      const runtime = { ...base, memoryLimitMiB: limitMiB, memoryLimitEnforcement: `not enforced: ${cgroup}` };
      return { runtime: { ...runtime, memoryLimitEnforced: false }, cgroupProcsFiles: {}, release };
    }
    cgroups.push(cgroup);
    cgroupProcsFiles[kind] = cgroup.procsFile;
  }
  const enforcement = cgroups[0]?.description ?? '';
  const runtime = { ...base, memoryLimitMiB: limitMiB, memoryLimitEnforcement: enforcement, memoryLimitEnforced: true };
  return { runtime, cgroupProcsFiles, release };
}
