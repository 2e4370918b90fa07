import { allocatorName, serverAllocator } from './allocator';
import type { ShippedAllocator } from './deployment';

const JEMALLOC_IMAGE: ShippedAllocator = {
  preload: ['/usr/local/lib/libjemalloc.so.2'],
  mallocConf: undefined,
  packages: ['libjemalloc2'],
};

/** A host whose only libraries are `paths`. */
const hostWith = (...paths: string[]): { exists: (path: string) => boolean; machine: string } => ({
  exists: (path) => paths.includes(path),
  machine: 'x86_64',
});

describe(serverAllocator.name, () => {
  it("preloads this machine's copy of the image's library and names the allocator", () => {
    const allocator = serverAllocator(JEMALLOC_IMAGE, hostWith('/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'));

    expect(allocator).toEqual({
      env: { LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' },
      description: 'jemalloc (preloaded as in the image: /usr/lib/x86_64-linux-gnu/libjemalloc.so.2)',
      matchesImage: true,
    });
  });

  it('runs on glibc malloc without the library, and says what to install', () => {
    expect(serverAllocator(JEMALLOC_IMAGE, hostWith())).toEqual({
      env: {},
      description:
        '**glibc malloc**: the image preloads libjemalloc.so.2, not found here - apt-get install libjemalloc2',
      matchesImage: false,
    });
  });

  it("passes the image's MALLOC_CONF on and reports it", () => {
    const shipped = { ...JEMALLOC_IMAGE, mallocConf: 'background_thread:true' };
    const allocator = serverAllocator(shipped, hostWith('/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'));

    expect(allocator.env).toEqual({
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
      MALLOC_CONF: 'background_thread:true',
    });
    expect(allocator.description).toBe(
      'jemalloc (preloaded as in the image: /usr/lib/x86_64-linux-gnu/libjemalloc.so.2, MALLOC_CONF=background_thread:true)',
    );
  });

  it('leaves glibc malloc alone when the image preloads nothing', () => {
    expect(serverAllocator({ preload: [], mallocConf: undefined, packages: [] }, hostWith())).toEqual({
      env: {},
      description: 'glibc malloc (the image preloads none)',
      matchesImage: true,
    });
  });
});

describe(allocatorName.name, () => {
  it.each([
    ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', 'jemalloc'],
    ['/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4', 'tcmalloc_minimal'],
    ['/usr/local/lib/libmimalloc.so', 'mimalloc'],
  ])('%s is %s', (path, name) => {
    expect(allocatorName(path)).toBe(name);
  });
});
