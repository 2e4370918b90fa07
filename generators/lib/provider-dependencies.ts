import { type ClassDeclaration, Node, type ParameterDeclaration, type SourceFile, SyntaxKind } from 'ts-morph';
import { SourceShapeError } from './nest-source';

/** One constructor dependency of a provider, and how a unit spec replaces it with a typed mock. */
export interface ProviderDependency {
  /** The constructor parameter: `repository`. */
  readonly name: string;
  /** Its declared type: `ArticlesRepository`, `Clock`. */
  readonly type: string;
  /** What `provide:` needs: the class, or `@Inject(TOKEN)`'s token. */
  readonly token: string;
  /** Methods the provider calls on it, sorted: what the mock must implement. */
  readonly calledMethods: readonly string[];
  /** Names the spec must import: values for the token, types for the mock's type. */
  readonly tokenIdentifiers: readonly string[];
  readonly typeIdentifiers: readonly string[];
}

export interface ImportLine {
  readonly specifier: string;
  readonly names: readonly string[];
  readonly defaultName?: string;
  readonly typeOnly: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Reads the constructor through the syntax tree. `@Inject(token)` is honoured; anything else must be
 * typed with a class, the token Nest resolves by. `@InjectRepository` and `TransactionHost` never
 * reach here: the test generator refuses those providers (the database boundary is covered by e2e specs).
 */
export function providerDependencies(provider: ClassDeclaration, path: string): ProviderDependency[] {
  const parameters = provider.getConstructors()[0]?.getParameters() ?? [];
  return parameters.map((parameter) => {
    const type = parameter.getTypeNode()?.getText();
    if (type === undefined)
      throw new SourceShapeError(path, `constructor parameter "${parameter.getName()}" has no type`);
    const injected = parameter.getDecorator('Inject')?.getArguments()[0];
    return {
      name: parameter.getName(),
      type,
      token: injected ? injected.getText() : classToken(parameter, type, path),
      calledMethods: calledMethods(provider, parameter),
      tokenIdentifiers: injected ? identifiersIn(injected) : [type],
      typeIdentifiers: identifiersIn(parameter.getTypeNode()),
    };
  });
}

function classToken(parameter: ParameterDeclaration, type: string, path: string): string {
  if (!IDENTIFIER.test(type)) {
    throw new SourceShapeError(
      path,
      `cannot tell the injection token of "${parameter.getName()}: ${type}"; use @Inject(token)`,
    );
  }
  return type;
}

/** `this.<property>.<method>(…)` anywhere in the class, or `<parameter>.<method>(…)` in the constructor. */
function calledMethods(provider: ClassDeclaration, parameter: ParameterDeclaration): string[] {
  const name = parameter.getName();
  const called = new Set<string>();
  for (const call of provider.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const receiver = callee.getExpression();
    const viaThis =
      parameter.isParameterProperty() &&
      Node.isPropertyAccessExpression(receiver) &&
      receiver.getExpression().getKind() === SyntaxKind.ThisKeyword &&
      receiver.getName() === name;
    const viaParameter = Node.isIdentifier(receiver) && receiver.getText() === name;
    if (viaThis || viaParameter) called.add(callee.getName());
  }
  return [...called].sort();
}

/** Public methods, in declaration order: one `describe` each in the spec. */
export function publicMethods(provider: ClassDeclaration): string[] {
  return provider
    .getMethods()
    .filter(
      (method) => !method.hasModifier(SyntaxKind.PrivateKeyword) && !method.hasModifier(SyntaxKind.ProtectedKeyword),
    )
    .filter((method) => !method.isStatic() && !method.getName().startsWith('#'))
    .map((method) => method.getName());
}

/**
 * The imports a spec next to `file` needs for `valueNames` (tokens, the provider) and `typeNames`
 * (mock types): each copied from the file's own import of that name, so specifiers stay valid;
 * names the file declares itself come from `./<file>`.
 */
export function importsFor(
  file: SourceFile,
  ownSpecifier: string,
  valueNames: ReadonlySet<string>,
  typeNames: ReadonlySet<string>,
): ImportLine[] {
  const lines = new Map<string, { names: Set<string>; defaultName?: string; values: boolean }>();
  const add = (specifier: string, name: string, isDefault: boolean): void => {
    const line = lines.get(specifier) ?? { names: new Set<string>(), values: false };
    if (isDefault) line.defaultName = name;
    else line.names.add(name);
    line.values ||= valueNames.has(name);
    lines.set(specifier, line);
  };
  for (const name of [...new Set([...valueNames, ...typeNames])].sort()) {
    const declaration = file
      .getImportDeclarations()
      .find(
        (candidate) =>
          candidate.getDefaultImport()?.getText() === name ||
          candidate.getNamedImports().some((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name),
      );
    if (declaration)
      add(declaration.getModuleSpecifierValue(), name, declaration.getDefaultImport()?.getText() === name);
    else if (isDeclaredIn(file, name)) add(ownSpecifier, name, false);
  }
  return [...lines.entries()]
    .map(([specifier, line]) => ({
      specifier,
      names: [...line.names].sort(),
      ...(line.defaultName === undefined ? {} : { defaultName: line.defaultName }),
      typeOnly: !line.values,
    }))
    .sort(
      (left, right) =>
        importOrder(left.specifier) - importOrder(right.specifier) || left.specifier.localeCompare(right.specifier),
    );
}

function isDeclaredIn(file: SourceFile, name: string): boolean {
  return (
    file.getClass(name) !== undefined ||
    file.getInterface(name) !== undefined ||
    file.getTypeAlias(name) !== undefined ||
    file.getVariableDeclaration(name) !== undefined
  );
}

function importOrder(specifier: string): number {
  return specifier.startsWith('.') ? 1 : 0;
}

/** Identifiers a type or token refers to: `Map<string, Clock>` → Map, Clock. */
function identifiersIn(node: Node | undefined): string[] {
  if (node === undefined) return [];
  const identifiers = Node.isIdentifier(node) ? [node] : node.getDescendantsOfKind(SyntaxKind.Identifier);
  return identifiers.map((identifier) => identifier.getText());
}
