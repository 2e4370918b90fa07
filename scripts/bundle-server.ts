import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withoutRedundantNames } from './lib/redundant-names';
import { isServerBundle, serverBundleOptions, withAsciiOnly } from './lib/server-bundle';

const DIST = join(__dirname, '..', 'dist');
const ENTRY = join(DIST, 'main.js');

/**
 * Second half of `npm run build`: replaces tsc's `dist/main.js` with one file holding the server and
 * its dependencies (decision 0503). Node then resolves, reads and compiles one file instead of
 * thousands, most of them ES modules required from CommonJS. The rest of `dist/` stays as tsc
 * wrote it, for `dist/migrate.js` and the migration files TypeORM loads by path.
 */
async function main(): Promise<void> {
  if (isServerBundle(await readFile(ENTRY, 'utf8'))) {
    throw new Error(`${ENTRY} is already bundled: run \`npm run build\`, which compiles it afresh first`);
  }
  const result = await build({ ...serverBundleOptions(ENTRY, ENTRY), write: false });
  await Promise.all(
    result.outputFiles.map((file) =>
      writeFile(file.path, file.path === ENTRY ? withAsciiOnly(withoutRedundantNames(file.text)) : file.contents),
    ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
