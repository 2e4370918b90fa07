import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPreviewApp } from '../src/app.factory';
import { loadConfig } from '../src/config';
import { buildOpenApiDocument } from '../src/core/docs/openapi';

/**
 * `npm run openapi [-- path]`: writes the OpenAPI document the server serves at /docs/json
 * (.tmp/openapi.json by default) without a database or a listener, for `npm run lint:openapi` and
 * client generators. test/e2e/openapi.e2e-spec.ts checks it equals the served one.
 */
async function main(): Promise<void> {
  const target = process.argv[2] ?? '.tmp/openapi.json';
  // Preview mode connects to nothing: the URL only satisfies the configuration's validation.
  const app = await createPreviewApp(loadConfig({ DATABASE_URL: 'postgres://preview.invalid/unused' }));
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.exitCode = 1;
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
});
