import { runInNewContext } from 'node:vm';
import { withoutRedundantNames } from '../../scripts/lib/redundant-names';

/** esbuild's helper, as the bundle defines it. */
const NAME_HELPER =
  'var __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });\n';

/** Runs a script that leaves the functions to compare in `result` and returns their names. */
function namesOf(source: string): unknown {
  const sandbox: { result?: Record<string, { name: string }> } = {};
  runInNewContext(NAME_HELPER + source, sandbox);
  return Object.fromEntries(Object.entries(sandbox.result ?? {}).map(([key, fn]) => [key, fn.name]));
}

describe('withoutRedundantNames', () => {
  const redundant: readonly [string, string][] = [
    ['a function declaration', 'function next() {}\n__name(next, "next");\nresult = { next };'],
    ['a named function expression', 'result = { f: /* @__PURE__ */ __name(function handler() {}, "handler") };'],
    [
      'an arrow assigned to a variable',
      'const getRequest = /* @__PURE__ */ __name(() => 1, "getRequest");\nresult = { getRequest };',
    ],
    ['an anonymous function assigned to a name', 'let run;\nrun = __name(function() {}, "run");\nresult = { run };'],
    ['an arrow as a property value', 'result = { getNext: /* @__PURE__ */ __name(() => 1, "getNext") };'],
    ['a function under a quoted property name', 'result = { "get-next": __name(async () => 1, "get-next") };'],
    [
      'a function called at once, as a minifier prints it',
      'result = {};\n__name(function go() { result.go = go; }, "go")();',
    ],
    ['a parenthesised arrow, as a minifier prints it', 'result={metatype:__name((instance=>instance),"metatype")};'],
  ];

  it.each(redundant)('drops the call that restates the name of %s', (_label, source) => {
    const output = withoutRedundantNames(source);

    expect(output).not.toContain('__name(');
    expect(namesOf(output)).toEqual(namesOf(source));
  });

  const needed: readonly [string, string][] = [
    ['a renamed declaration', 'function next2() {}\n__name(next2, "next");\nresult = { next2 };'],
    ['an arrow bound to another name', 'const parse2 = __name(() => 1, "parse");\nresult = { parse2 };'],
    ['a named function expression given another name', 'result = { f: __name(function e2() {}, "e") };'],
    ['a property whose key is computed', 'const key = "run";\nresult = { [key]: __name(() => 1, "run") };'],
    ['a function passed as an argument', 'result = { f: [__name(() => 1, "f")][0] };'],
    ['a class', 'class Loader {\n  static { __name(this, "Loader"); }\n}\nresult = { Loader };'],
  ];

  it.each(needed)('keeps the call that gives a name to %s', (_label, source) => {
    const output = withoutRedundantNames(source);

    expect(output).toBe(source);
  });

  it('keeps every other character where it was, so the source map stays exact', () => {
    const source = [
      'function outer() {',
      '  function next() {}',
      '  __name(next, "next");',
      '  return { get: /* @__PURE__ */ __name(() => next, "get") };',
      '}',
      'result = { outer };',
    ].join('\n');
    const output = withoutRedundantNames(source);
    const withoutBlanks = (text: string): string => text.replace(/ +/g, ' ');

    expect(output).toHaveLength(source.length);
    expect(output.split('\n').map((line) => line.length)).toEqual(source.split('\n').map((line) => line.length));
    expect(withoutBlanks(output)).toBe(
      withoutBlanks(
        [
          'function outer() {',
          '  function next() {}',
          '  ',
          '  return { get: /* @__PURE__ */ (() => next ) };',
          '}',
          'result = { outer };',
        ].join('\n'),
      ),
    );
  });
});
