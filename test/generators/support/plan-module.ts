import { moduleGenerator } from '../../../generators/module.generator';

/**
 * Prints, as JSON on stdout, every file `npm run gen -- module <name> --fields <fields>` would
 * create or change in this repository, without writing any. A script rather than a call from the
 * spec: planning renders with node-plop and formats with Prettier, ES modules that Jest's module
 * loader cannot import (see generators/lib/templates.ts). The migration diff needs DATABASE_URL.
 */
async function main(): Promise<void> {
  const [name, fields] = process.argv.slice(2);
  if (name === undefined || fields === undefined) throw new Error('usage: plan-module.ts <name> <fields>');
  const root = process.cwd();
  const { changes } = await moduleGenerator.plan(root, { name, fields });
  const files = changes.files.map((file) => ({ path: file.path, kind: file.kind, content: file.after }));
  process.stdout.write(JSON.stringify(files));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
