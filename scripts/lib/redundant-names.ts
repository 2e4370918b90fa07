import { type Node, parse } from 'acorn';
import { ancestor } from 'acorn-walk';

/**
 * esbuild's `keepNames` wraps every named function in `__name(fn, "name")`, a
 * `Object.defineProperty` call. Where the function is created inside another one, that call runs
 * each time: Fastify's hook runner and Nest's execution context create about twenty such closures
 * per request. Most of the calls restate the name the function already has: a function declaration
 * or expression `next` is named "next", an anonymous function assigned to `getRequest` or written as the value of
 * a `getRequest:` property is named "getRequest" by the language. Those calls are blanked out;
 * the ones that restore a name esbuild changed (`_InstanceLoader` → "InstanceLoader") stay.
 *
 * Blanking with spaces, not deleting, keeps every other character at its line and column, so the
 * bundle's source map stays exact.
 */
export function withoutRedundantNames(source: string): string {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
  const blanks: [number, number][] = [];
  ancestor(program, {
    CallExpression(node, _state, ancestors) {
      const call = asNameCall(node);
      if (!call) return;
      const parent = ancestors.at(-2);
      if (parent === undefined) return;
      if (isRedundantDeclarationName(call, parent, ancestors)) {
        blanks.push([parent.start, parent.end]);
      } else if (isOwnName(call) || isInferredName(call, parent)) {
        blanks.push(...nameArgumentsAround(source, call));
      }
    },
  });
  return blankOut(source, blanks);
}

interface NameCall {
  readonly node: Node;
  readonly callee: AnyNode;
  /** The string literal argument. */
  readonly label: AnyNode;
  readonly fn: AnyNode;
  readonly name: string;
}

/** The ESTree nodes this module reads, loosely typed: acorn's own types need a cast per node kind anyway. */
type AnyNode = Node & Readonly<Record<string, unknown>>;

function asNameCall(node: Node): NameCall | undefined {
  const { callee, arguments: args } = node as AnyNode & { callee: AnyNode; arguments: AnyNode[] };
  if (callee.type !== 'Identifier' || callee.name !== '__name' || args.length !== 2) return undefined;
  const [fn, name] = args as [AnyNode, AnyNode];
  if (name.type !== 'Literal' || typeof name.value !== 'string') return undefined;
  return { node, callee, fn, label: name, name: name.value };
}

/**
 * `__name(fn, "x")` becomes `      (fn    )`: the parentheses stay, so the function is still an
 * expression where a minified bundle calls it at once (`__name(function go(){…},"go")()`). Blanking
 * from the comma keeps any parentheses esbuild put around the function (`__name((x=>x),"f")`).
 */
function nameArgumentsAround(source: string, { node, callee, label }: NameCall): [number, number][] {
  const separatingComma = source.lastIndexOf(',', label.start);
  const closingParenthesis = node.end - 1;
  return [
    [callee.start, callee.end],
    [separatingComma, closingParenthesis],
  ];
}

/** `__name(next, "next");` beside `function next() {}` in the same block. */
function isRedundantDeclarationName(call: NameCall, parent: Node, ancestors: Node[]): boolean {
  if (parent.type !== 'ExpressionStatement' || call.fn.type !== 'Identifier' || call.fn.name !== call.name) {
    return false;
  }
  const block = ancestors.at(-3) as (AnyNode & { body?: unknown }) | undefined;
  const statements = Array.isArray(block?.body) ? (block.body as AnyNode[]) : [];
  return statements.some(
    (statement) => statement.type === 'FunctionDeclaration' && (statement.id as AnyNode).name === call.name,
  );
}

/** `__name(function next() {}, "next")`. */
function isOwnName({ fn, name }: NameCall): boolean {
  return fn.type === 'FunctionExpression' && identifierNamed(fn.id, name);
}

/** `x = __name(() => …, "x")`, `var x = …`, `{ x: … }`: the language names an anonymous function so. */
function isInferredName(call: NameCall, parent: Node): boolean {
  const { fn, name } = call;
  const anonymous = fn.type === 'ArrowFunctionExpression' || (fn.type === 'FunctionExpression' && fn.id === null);
  if (!anonymous) return false;
  const site = parent as AnyNode;
  switch (site.type) {
    case 'VariableDeclarator':
      return site.init === call.node && identifierNamed(site.id, name);
    case 'AssignmentExpression':
      return site.operator === '=' && site.right === call.node && identifierNamed(site.left, name);
    case 'Property':
      return (
        site.value === call.node &&
        site.kind === 'init' &&
        site.computed === false &&
        site.method === false &&
        name !== '__proto__' &&
        (identifierNamed(site.key, name) || literalNamed(site.key, name))
      );
    default:
      return false;
  }
}

function identifierNamed(node: unknown, name: string): boolean {
  const candidate = node as AnyNode | null;
  return candidate?.type === 'Identifier' && candidate.name === name;
}

function literalNamed(node: unknown, name: string): boolean {
  const candidate = node as AnyNode | null;
  return candidate?.type === 'Literal' && candidate.value === name;
}

function blankOut(source: string, ranges: readonly [number, number][]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of [...ranges].sort(([a], [b]) => a - b)) {
    pieces.push(source.slice(from, start), source.slice(start, end).replace(/[^\n]/g, ' '));
    from = end;
  }
  pieces.push(source.slice(from));
  return pieces.join('');
}
