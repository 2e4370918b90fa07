import { basename } from 'node:path';
import { type LibrarySearch, missingPreloadMessage, preloadOnHost } from '../scripts/lib/preload';
import type { ShippedAllocator } from './deployment';

/** The allocator both servers run with: the image's, with this machine's copy of its library. */
export interface ServerAllocator {
  /** Variables both servers get: LD_PRELOAD naming this machine's libraries, MALLOC_CONF as shipped. */
  readonly env: Readonly<Record<string, string>>;
  /** For the report's "Both servers" line: `jemalloc (…)`, or why the servers run on glibc malloc. */
  readonly description: string;
  /** False when the image preloads a library this machine lacks. */
  readonly matchesImage: boolean;
}

/**
 * Both servers, raw and reference alike, get the allocator the image preloads, so the comparison
 * is between the code and the RSS is the one the container would have. Without the library here
 * they run on glibc malloc, and the description says what to install.
 */
export function serverAllocator(shipped: ShippedAllocator, search: LibrarySearch = {}): ServerAllocator {
  const preload = preloadOnHost(shipped.preload, search);
  const env: Record<string, string> = {};
  if (preload.found.length > 0) env.LD_PRELOAD = preload.found.join(':');
  if (shipped.mallocConf !== undefined) env.MALLOC_CONF = shipped.mallocConf;

  const missing = missingPreloadMessage(preload, shipped.packages);
  const names = preload.found.map(allocatorName).join(' + ') || 'glibc malloc';
  const conf = shipped.mallocConf === undefined ? '' : `, MALLOC_CONF=${shipped.mallocConf}`;
  if (missing !== undefined) {
    return { env, description: `**${names}**: ${missing}${conf}`, matchesImage: false };
  }
  const source =
    preload.found.length > 0 ? `preloaded as in the image: ${preload.found.join(', ')}` : 'the image preloads none';
  return { env, description: `${names} (${source}${conf})`, matchesImage: true };
}

/** `/usr/lib/x86_64-linux-gnu/libjemalloc.so.2` → `jemalloc`. */
export function allocatorName(libraryPath: string): string {
  return basename(libraryPath)
    .replace(/^lib/, '')
    .replace(/\.so(\.\d+)*$/, '');
}
