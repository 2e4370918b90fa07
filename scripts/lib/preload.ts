import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { machine } from 'node:os';
import { basename, join } from 'node:path';

/**
 * The production image preloads libraries (jemalloc, decision 0504) by paths that exist in the
 * image. A process started on a host with the image's environment, as the production-image test
 * and the benchmark do, needs the host's copy of each library instead: ld.so ignores a missing
 * preload with an error line on every start, and the process would silently run on glibc malloc.
 */
export interface HostPreload {
  /** Host paths of the image's preloaded libraries that this machine has, in the image's order. */
  readonly found: readonly string[];
  /** Image paths of those this machine lacks. */
  readonly missing: readonly string[];
}

export interface LibrarySearch {
  readonly exists?: (path: string) => boolean;
  /** `os.machine()`: `x86_64`, `aarch64`. */
  readonly machine?: string;
}

/** ld.so separates LD_PRELOAD entries with spaces or colons. */
export function preloadEntries(value: string | undefined): string[] {
  return (value ?? '').split(/[\s:]+/).filter((entry) => entry.length > 0);
}

/** Debian's multiarch directory (where libjemalloc2 installs) first, then the classic ones. */
export function libraryDirectories(machineName: string = machine()): string[] {
  return [
    `/usr/lib/${machineName}-linux-gnu`,
    `/lib/${machineName}-linux-gnu`,
    '/usr/local/lib',
    '/usr/lib64',
    '/usr/lib',
  ];
}

/** The image's path if the host has it too, else the first file of the same name in the library directories. */
export function hostLibrary(imagePath: string, search: LibrarySearch = {}): string | undefined {
  const exists = search.exists ?? existsSync;
  const name = basename(imagePath);
  const candidates = [imagePath, ...libraryDirectories(search.machine).map((directory) => join(directory, name))];
  return candidates.find((candidate) => exists(candidate));
}

export function preloadOnHost(imagePreload: readonly string[], search: LibrarySearch = {}): HostPreload {
  const found: string[] = [];
  const missing: string[] = [];
  for (const imagePath of imagePreload) {
    const hostPath = hostLibrary(imagePath, search);
    if (hostPath === undefined) missing.push(imagePath);
    else found.push(hostPath);
  }
  return { found, missing };
}

/** The image's environment with LD_PRELOAD naming the host's copies; left out when there are none. */
export function withHostPreload(
  imageEnvironment: Readonly<Record<string, string>>,
  preload: HostPreload,
): Record<string, string> {
  const environment = { ...imageEnvironment };
  delete environment.LD_PRELOAD;
  return preload.found.length > 0 ? { ...environment, LD_PRELOAD: preload.found.join(':') } : environment;
}

/** `the image preloads libjemalloc.so.2, not found here - apt-get install libjemalloc2`; undefined when none is missing. */
export function missingPreloadMessage(preload: HostPreload, packages: readonly string[]): string | undefined {
  if (preload.missing.length === 0) return undefined;
  const names = preload.missing.map((path) => basename(path)).join(', ');
  const install = packages.length > 0 ? `apt-get install ${packages.join(' ')}` : 'install it';
  return `the image preloads ${names}, not found here - ${install}`;
}

/** The libraries of `expected` (paths; compared by file name) that `/proc/<pid>/maps` does not list. */
export async function readMissingLibraries(pid: number, expected: readonly string[]): Promise<string[]> {
  return missingLibrariesFromMaps(await readFile(`/proc/${pid}/maps`, 'utf8'), expected);
}

export function missingLibrariesFromMaps(maps: string, expected: readonly string[]): string[] {
  const mapped = new Set(
    maps
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[5])
      .filter((path): path is string => path?.startsWith('/') ?? false)
      .map((path) => basename(path)),
  );
  return expected.filter((library) => !mapped.has(basename(library)));
}
