import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const TEMPLATES_ROOT = join(__dirname, '..', '..', 'templates');
const TEMPLATE_SUFFIX = '.hbs';

export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

type Renderer = (template: string, data: object) => string;

let renderer: Promise<Renderer> | undefined;

/** plop's Handlebars instance, so templates get plop's helpers (pascalCase, kebabCase…). */
function render(): Promise<Renderer> {
  // node-plop is ESM-only, which Jest's module loader cannot require; loading it on first use keeps
  // the generators (and what imports them) importable from unit tests.
  renderer ??= import('node-plop')
    .then(({ default: nodePlop }) => nodePlop())
    .then((plop) => (template: string, data: object) => plop.renderString(template, data));
  return renderer;
}

/**
 * Renders every `*.hbs` file under `templates/<set>`; paths are templates too, so
 * `src/modules/{{kebabPlural}}/index.ts.hbs` becomes `src/modules/invoices/index.ts`.
 */
export async function renderTemplateSet(set: string, data: object): Promise<RenderedFile[]> {
  const renderString = await render();
  const root = join(TEMPLATES_ROOT, set);
  return listTemplates(root).map((file) => ({
    path: renderString(relative(root, file).split(sep).join('/').slice(0, -TEMPLATE_SUFFIX.length), data),
    content: renderString(readFileSync(file, 'utf8'), data),
  }));
}

export async function renderTemplate(path: string, data: object): Promise<string> {
  const renderString = await render();
  return renderString(readFileSync(join(TEMPLATES_ROOT, path), 'utf8'), data);
}

function listTemplates(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(TEMPLATE_SUFFIX))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
