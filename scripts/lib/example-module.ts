import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The exit code of a tool stopped because the repository has no example module to run on. */
export const NEEDS_EXAMPLE_MODULE_EXIT_CODE = 3;

/**
 * The bench, `npm run faults` and `npm run overload` drive the template's example module
 * `articles` (its routes and its table). After `init --without-examples` there is none: they stop
 * at once with this message and exit code 3, instead of measuring nothing or failing halfway.
 */
export function missingExampleModule(tool: string, where: string, root = ROOT): string | undefined {
  if (existsSync(join(root, 'src', 'modules', 'articles'))) return undefined;
  return (
    `${tool} needs the template's example module "articles" (its routes and its table), which this ` +
    'repository does not have: `npm run init -- --without-examples` removed it. Restore it from the ' +
    `template repository, or point ${where} at a module of your own.`
  );
}

/** Stops the tool (exit code 3) when `missingExampleModule` says it cannot run. */
export function exitUnlessExampleModule(tool: string, where: string): void {
  const message = missingExampleModule(tool, where);
  if (message === undefined) return;
  process.stderr.write(`${message}\n`);
  process.exit(NEEDS_EXAMPLE_MODULE_EXIT_CODE);
}
