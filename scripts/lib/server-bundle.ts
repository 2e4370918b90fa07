import type { BuildOptions, Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';

/**
 * Packages the bundle leaves to `node_modules`: TypeORM loads `pg` by name, Swagger UI serves
 * its assets from its package directory, and @node-rs/argon2 loads a native addon (`.node`) from
 * its platform package. TypeORM itself is bundled; `dist/migrate.js`, which is
 * not, loads it from `node_modules` in a process of its own.
 */
export const RUNTIME_PACKAGES = ['pg', 'swagger-ui-dist', '@node-rs/argon2'] as const;

/**
 * ESM packages (NestJS 12 among them) that load a dependency synchronously write
 * `const require = createRequire(import.meta.url)`. esbuild cannot follow such a require, so the
 * dependency would load a second time from node_modules beside the bundled copy: two `@nestjs/core`s
 * or two class-transformer metadata stores. Dropping the line lets those calls use the bundle's own
 * `require`, which esbuild resolves like any other.
 */
const LOCAL_CREATE_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;

export function withBundlerRequire(source: string): string {
  return source.replace(LOCAL_CREATE_REQUIRE, '');
}

/** `import.meta` has no meaning in a CommonJS bundle; these give bundled ESM code the values it expects. */
const IMPORT_META_SHIMS = [
  "const __bundle_import_meta_url = require('node:url').pathToFileURL(__filename).href;",
  "const __bundle_import_meta_resolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
].join('\n');

/** tsc's `main.js` is replaced in place; bundling a bundle would nest the whole server in itself. */
export function isServerBundle(source: string): boolean {
  return source.startsWith(IMPORT_META_SHIMS);
}

const bundlerRequire: Plugin = {
  name: 'bundler-require',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      return LOCAL_CREATE_REQUIRE.test(source) ? { contents: withBundlerRequire(source), loader: 'js' } : undefined;
    });
  },
};

/**
 * Optional peers that are not installed (`@nestjs/microservices`, `@fastify/view`, …) stay runtime
 * requires, exactly as they are without a bundle: the library catches the failure, or reports the
 * missing package if the feature is used. An installed one is bundled like every other package.
 */
const uninstalledStayExternal: Plugin = {
  name: 'uninstalled-stay-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async ({ path, kind, resolveDir, importer, pluginData }) => {
      if (pluginData === uninstalledStayExternal) return undefined;
      const resolved = await build.resolve(path, { kind, resolveDir, importer, pluginData: uninstalledStayExternal });
      return resolved.errors.length > 0 ? { path, external: true } : resolved;
    });
  },
};

/**
 * esbuild escapes non-ASCII characters everywhere but in regular expression literals, and one such
 * character (validator's locale alphabets have several) makes V8 hold the whole source as a two-byte
 * string for as long as the process runs, twice the heap of the same source in one byte per
 * character (docs/performance.md, optimisation 10).
 * `\uXXXX` means the same code unit in a regular expression as in a string; a character escaped by
 * a backslash (an identity escape, `\é` is `é`) takes the place of that backslash.
 */
const NON_ASCII = /(\\*)([^\0-\x7f])/g;

export function withAsciiOnly(source: string): string {
  return source.replace(NON_ASCII, (_match, backslashes: string, character: string) => {
    const kept = backslashes.length % 2 === 1 ? backslashes.slice(1) : backslashes;
    return `${kept}\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One CommonJS file holding the server and every dependency but RUNTIME_PACKAGES. */
export function serverBundleOptions(entryPoint: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // Class names are API: OpenAPI schema and entity names, and Nest's logger contexts, which
    // esbuild would otherwise print as `_InstanceLoader`. The `__name()` calls that only restate a
    // name the language gives anyway are blanked out afterwards (`withoutRedundantNames`).
    keepNames: true,
    // V8 keeps the whole source resident; names and syntax stay as they are (decision 0503).
    minifyWhitespace: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: RUNTIME_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    define: { 'import.meta.url': '__bundle_import_meta_url', 'import.meta.resolve': '__bundle_import_meta_resolve' },
    banner: { js: IMPORT_META_SHIMS },
    plugins: [bundlerRequire, uninstalledStayExternal],
    logLevel: 'warning',
    metafile: true,
  };
}
