import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A memory-limited control group for one server, as the container runtime creates for a pod with
 * `resources.limits.memory`. Node reads the limit at start-up (`process.constrainedMemory()`) and
 * V8 sizes its heap from it, so a server inside behaves as it does in the cluster: a process with a
 * 24 GiB machine to itself lets its old space grow several times larger before collecting.
 */
export interface MemoryCgroup {
  readonly description: string;
  /** Writing a pid here moves that process (and its future children) into the group. */
  readonly procsFile: string;
  remove(): Promise<void>;
}

const CGROUP_ROOT = '/sys/fs/cgroup';

export interface Hierarchy {
  readonly version: 1 | 2;
  /** Directory of this process's own group in the hierarchy that controls memory. */
  readonly ownGroup: string;
  readonly limitFile: string;
}

/**
 * Creates `name` below this process's own memory cgroup with `limitBytes` as its hard limit.
 * Returns the reason instead when the machine does not allow it (not root, no memory controller,
 * cgroup v2 without the controller delegated), so the run can go on and say so.
 */
export async function createMemoryCgroup(name: string, limitBytes: number): Promise<MemoryCgroup | string> {
  let hierarchy: Hierarchy | undefined;
  try {
    const unifiedOnly = await exists(join(CGROUP_ROOT, 'cgroup.controllers'));
    hierarchy = memoryHierarchy(await readFile('/proc/self/cgroup', 'utf8'), unifiedOnly);
  } catch (error) {
    return `cannot read this process's cgroups (${(error as Error).message})`;
  }
  if (!hierarchy) return 'no cgroup memory controller on this machine';
  const directory = join(hierarchy.ownGroup, name);
  try {
    await mkdir(directory);
  } catch (error) {
    return `cannot create ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const remove = (): Promise<void> => rmdir(directory).catch(() => undefined);
  try {
    await writeFile(join(directory, hierarchy.limitFile), String(limitBytes));
  } catch (error) {
    await remove();
    return `cannot set ${hierarchy.limitFile} in ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return {
    description: `cgroup v${hierarchy.version} ${hierarchy.limitFile}`,
    procsFile: join(directory, 'cgroup.procs'),
    remove,
  };
}

/**
 * Finds the hierarchy that controls memory from `/proc/self/cgroup`: on cgroup v1 (and hybrid
 * set-ups) the `memory` controller's own line; on a pure v2 machine (`unifiedOnly`: cgroup2 mounted
 * at /sys/fs/cgroup) the single `0::` line.
 */
export function memoryHierarchy(procSelfCgroup: string, unifiedOnly: boolean): Hierarchy | undefined {
  const lines = procSelfCgroup
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, , controllers = '', path = ''] = /^(\d+):([^:]*):(.*)$/.exec(line) ?? [];
      return { controllers: controllers.split(','), path };
    });
  const v1 = lines.find((line) => line.controllers.includes('memory'));
  if (v1) return { version: 1, ownGroup: join(CGROUP_ROOT, 'memory', v1.path), limitFile: 'memory.limit_in_bytes' };
  const v2 = lines.find((line) => line.controllers.length === 1 && line.controllers[0] === '');
  if (!v2 || !unifiedOnly) return undefined;
  return { version: 2, ownGroup: join(CGROUP_ROOT, v2.path), limitFile: 'memory.max' };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
