import { aptPackagesOf, type Instruction, parseDockerfile } from '../../scripts/lib/dockerfile';
import {
  hostLibrary,
  libraryDirectories,
  missingLibrariesFromMaps,
  missingPreloadMessage,
  preloadEntries,
  preloadOnHost,
  readMissingLibraries,
  withHostPreload,
} from '../../scripts/lib/preload';

const IMAGE_JEMALLOC = '/usr/local/lib/libjemalloc.so.2';

/** A host whose only libraries are `paths`. */
const hostWith = (...paths: string[]): { exists: (path: string) => boolean; machine: string } => ({
  exists: (path) => paths.includes(path),
  machine: 'x86_64',
});

describe(preloadEntries.name, () => {
  it('splits LD_PRELOAD at colons and spaces, as ld.so does', () => {
    expect(preloadEntries('/a/liba.so.1:/b/libb.so  /c/libc.so')).toEqual(['/a/liba.so.1', '/b/libb.so', '/c/libc.so']);
    expect(preloadEntries(IMAGE_JEMALLOC)).toEqual([IMAGE_JEMALLOC]);
  });

  it('is empty without LD_PRELOAD', () => {
    expect(preloadEntries(undefined)).toEqual([]);
    expect(preloadEntries(' ')).toEqual([]);
  });
});

describe(libraryDirectories.name, () => {
  it("looks in Debian's multiarch directory of the machine first", () => {
    expect(libraryDirectories('x86_64')[0]).toBe('/usr/lib/x86_64-linux-gnu');
    expect(libraryDirectories('aarch64')[0]).toBe('/usr/lib/aarch64-linux-gnu');
  });
});

describe(hostLibrary.name, () => {
  it("finds the host's copy by file name in the multiarch directory (Debian's libjemalloc2)", () => {
    const host = hostWith('/usr/lib/x86_64-linux-gnu/libjemalloc.so.2');

    expect(hostLibrary(IMAGE_JEMALLOC, host)).toBe('/usr/lib/x86_64-linux-gnu/libjemalloc.so.2');
  });

  it("takes the image's own path when the host has it", () => {
    const host = hostWith(IMAGE_JEMALLOC, '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2');

    expect(hostLibrary(IMAGE_JEMALLOC, host)).toBe(IMAGE_JEMALLOC);
  });

  it('looks in the classic directories too (Fedora, a source build)', () => {
    expect(hostLibrary(IMAGE_JEMALLOC, hostWith('/usr/lib64/libjemalloc.so.2'))).toBe('/usr/lib64/libjemalloc.so.2');
  });

  it('is undefined when no file of that name exists, or only another version of it', () => {
    expect(hostLibrary(IMAGE_JEMALLOC, hostWith())).toBeUndefined();
    expect(hostLibrary(IMAGE_JEMALLOC, hostWith('/usr/lib/x86_64-linux-gnu/libjemalloc.so.1'))).toBeUndefined();
  });
});

describe(preloadOnHost.name, () => {
  it("maps each preloaded library to the host's copy and lists those the host lacks", () => {
    const host = hostWith('/usr/lib/x86_64-linux-gnu/libjemalloc.so.2');

    expect(preloadOnHost([IMAGE_JEMALLOC, '/usr/local/lib/libtcmalloc.so.4'], host)).toEqual({
      found: ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'],
      missing: ['/usr/local/lib/libtcmalloc.so.4'],
    });
  });
});

describe(withHostPreload.name, () => {
  const imageEnvironment = { NODE_ENV: 'production', LD_PRELOAD: IMAGE_JEMALLOC };

  it("names the host's libraries in LD_PRELOAD and keeps every other variable", () => {
    const preload = { found: ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/libx.so'], missing: [] };

    expect(withHostPreload(imageEnvironment, preload)).toEqual({
      NODE_ENV: 'production',
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2:/usr/lib/libx.so',
    });
  });

  it('leaves LD_PRELOAD out when the host has none of them, so ld.so prints no error', () => {
    expect(withHostPreload(imageEnvironment, { found: [], missing: [IMAGE_JEMALLOC] })).toEqual({
      NODE_ENV: 'production',
    });
  });
});

describe(missingPreloadMessage.name, () => {
  it('says which library is missing and how to install it', () => {
    const preload = { found: [], missing: [IMAGE_JEMALLOC] };

    expect(missingPreloadMessage(preload, ['libjemalloc2'])).toBe(
      'the image preloads libjemalloc.so.2, not found here - apt-get install libjemalloc2',
    );
  });

  it('is undefined when nothing is missing', () => {
    const preload = { found: ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'], missing: [] };

    expect(missingPreloadMessage(preload, ['libjemalloc2'])).toBeUndefined();
  });
});

describe(aptPackagesOf.name, () => {
  const runtimeRuns = (...lines: string[]): readonly Instruction[] =>
    parseDockerfile(['FROM node:24-bookworm-slim AS runtime', ...lines].join('\n')).stages[0]!.instructions;

  it('lists the packages of apt-get install, without its options, across continuation lines', () => {
    const [run] = runtimeRuns(
      'RUN apt-get update \\',
      ' && apt-get install -y --no-install-recommends libjemalloc2 tini \\',
      ' && rm -rf /var/lib/apt/lists/*',
    );

    expect(aptPackagesOf(run!)).toEqual(['libjemalloc2', 'tini']);
  });

  it('is empty for any other instruction', () => {
    const instructions = runtimeRuns('RUN npm ci --omit=dev', 'ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2');

    expect(instructions.map(aptPackagesOf)).toEqual([[], []]);
  });
});

describe('missingLibrariesFromMaps', () => {
  const maps = [
    '55d0c0000000-55d0c0200000 r--p 00000000 08:01 1234 /usr/local/bin/node',
    '7f1a2c000000-7f1a2c040000 r-xp 00000000 08:01 5678 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
    '7f1a2d000000-7f1a2d021000 rw-p 00000000 00:00 0 ',
    '7ffd5a000000-7ffd5a021000 rw-p 00000000 00:00 0 [stack]',
  ].join('\n');

  it('finds a preloaded library by its file name, wherever the host keeps it', () => {
    expect(missingLibrariesFromMaps(maps, ['/usr/local/lib/libjemalloc.so.2'])).toEqual([]);
  });

  it('names the libraries the process did not load', () => {
    expect(missingLibrariesFromMaps(maps, ['/usr/lib/libtcmalloc.so.4', '/usr/lib/libjemalloc.so.2'])).toEqual([
      '/usr/lib/libtcmalloc.so.4',
    ]);
  });

  it('reads the maps of a live process', async () => {
    expect(await readMissingLibraries(process.pid, ['/lib/libnot-loaded-here.so.1'])).toEqual([
      '/lib/libnot-loaded-here.so.1',
    ]);
  });
});
