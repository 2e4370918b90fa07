import { type ArrayLiteralExpression, Node, Project, QuoteKind, type SourceFile } from 'ts-morph';

export const REGISTRY_PATH = 'src/modules/index.ts';
const REGISTRY_ARRAY = 'featureModules';

export class RegistryShapeError extends Error {
  constructor(reason: string) {
    super(`${REGISTRY_PATH}: ${reason}; keep it \`export const ${REGISTRY_ARRAY} = [ … ];\` of module classes`);
    this.name = 'RegistryShapeError';
  }
}

/**
 * Adds `import { <moduleClass> } from './<folder>'` and the class to the `featureModules` array,
 * through the syntax tree so comments, other statements and formatting choices survive.
 */
export function registerModule(source: string, moduleClass: string, folder: string): string {
  const file = parse(source);
  const elements = registryArray(file);
  if (elements.getElements().some((element) => element.getText() === moduleClass)) {
    throw new RegistryShapeError(`${moduleClass} is already registered`);
  }
  file.insertImportDeclaration(importIndex(file, `./${folder}`), {
    moduleSpecifier: `./${folder}`,
    namedImports: [moduleClass],
  });
  elements.addElement(moduleClass);
  return file.getFullText();
}

/**
 * The reverse of `registerModule`: removes the class from `featureModules` and its import from
 * `./<folder>` (the whole declaration when nothing else is imported from there), through the
 * syntax tree. Refuses when the class is not registered, so a destroy never edits blindly.
 */
export function unregisterModule(source: string, moduleClass: string, folder: string): string {
  const file = parse(source);
  const elements = registryArray(file);
  const element = elements.getElements().find((candidate) => candidate.getText() === moduleClass);
  if (!element) throw new RegistryShapeError(`${moduleClass} is not registered`);
  elements.removeElement(element);
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== `./${folder}`) continue;
    const named = declaration.getNamedImports();
    const imported = named.find((specifier) => specifier.getName() === moduleClass);
    if (!imported) continue;
    if (named.length === 1 && !declaration.getDefaultImport() && !declaration.getNamespaceImport()) {
      declaration.remove();
    } else imported.remove();
  }
  return file.getFullText();
}

function parse(source: string): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  return project.createSourceFile(REGISTRY_PATH, source);
}

function registryArray(file: SourceFile): ArrayLiteralExpression {
  const declaration = file.getVariableDeclaration(REGISTRY_ARRAY);
  if (!declaration) throw new RegistryShapeError(`no \`${REGISTRY_ARRAY}\` declaration`);
  const initializer = declaration.getInitializer();
  const array = initializer && Node.isAsExpression(initializer) ? initializer.getExpression() : initializer;
  if (!array || !Node.isArrayLiteralExpression(array)) {
    throw new RegistryShapeError(`\`${REGISTRY_ARRAY}\` is not an array literal`);
  }
  return array;
}

/**
 * Module imports stay alphabetical by path after any package imports, so concurrent additions
 * merge cleanly; existing imports are never reordered.
 */
function importIndex(file: SourceFile, specifier: string): number {
  const imports = file.getImportDeclarations();
  const following = imports.find((declaration) => {
    const path = declaration.getModuleSpecifierValue();
    return path.startsWith('.') && path > specifier;
  });
  if (following) return following.getChildIndex();
  const last = imports.at(-1);
  return last ? last.getChildIndex() + 1 : 0;
}
