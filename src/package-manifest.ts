import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './source-root';

/** What the service says about itself; package.json is the one place that names it (and `init` renames). */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

/**
 * package.json as shipped beside `dist/` (the image copies it) or at the repository root. Read on
 * each call, not cached: it is read at startup only (the OpenAPI document, the database options).
 */
export function readPackageManifest(): PackageManifest {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageManifest;
}
