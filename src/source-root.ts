import { join } from 'node:path';

/**
 * The directory holding `migrations/` and the module folders: `src/` from source, `dist/` when
 * built. This file sits at that root, so its `__dirname` is right both from tsc's output and from
 * the bundled `dist/main.js`, where every module shares the bundle's `__dirname`.
 */
export const SOURCE_ROOT = __dirname;

/** Where package.json is. */
export const PACKAGE_ROOT = join(SOURCE_ROOT, '..');
