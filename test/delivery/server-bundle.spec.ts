import { runInNewContext } from 'node:vm';
import {
  isServerBundle,
  serverBundleOptions,
  withAsciiOnly,
  withBundlerRequire,
} from '../../scripts/lib/server-bundle';

/** Evaluates a script and returns what it leaves in `result`, so escaped and original sources can be compared. */
function evaluate(source: string): unknown {
  const sandbox: { result?: unknown } = {};
  runInNewContext(source, sandbox);
  return sandbox.result;
}

describe('server bundle options', () => {
  it("lets an ES module's local createRequire fall back to the bundle's require", () => {
    const source = [
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "export const typeorm = require('typeorm');",
    ].join('\n');

    expect(withBundlerRequire(source)).toBe(
      ["import { createRequire } from 'node:module';", '', "export const typeorm = require('typeorm');"].join('\n'),
    );
  });

  it('leaves other uses of createRequire alone', () => {
    const source = 'const load = (name) => createRequire(import.meta.url)(name);';

    expect(withBundlerRequire(source)).toBe(source);
  });

  it('recognises its own output, so a bundle is never bundled again', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      ...serverBundleOptions('entry.js', 'out.js'),
      stdin: { contents: 'module.exports = 1;', resolveDir: __dirname },
      entryPoints: undefined,
      write: false,
      sourcemap: false,
    });
    const [output] = result.outputFiles;

    expect(isServerBundle(output!.text)).toBe(true);
    expect(isServerBundle("'use strict';\nrequire('./app.factory');")).toBe(false);
  });

  describe('withAsciiOnly', () => {
    const NON_ASCII = /[^\0-\x7f]/;
    const sources: readonly [string, string][] = [
      ['a string literal', 'result = "Čakovec — 北京";'],
      ['a regular expression character class', 'result = ["Šiška", "Siska"].map((s) => /^[A-ZČŠŽ]+$/i.test(s));'],
      ['a range in a regular expression', 'result = "שלום".replace(/[א-ת]/g, "x");'],
      ['a character after a backslash in a regular expression', 'result = /^\\é$/.test("é");'],
      ['an escaped backslash before a character', 'result = /^\\\\é$/.test("\\\\é");'],
      ['a character outside the basic plane', 'result = [/^😀$/u.test("😀"), "😀".length];'],
      ['a comment', '// 北京\nresult = 1;'],
    ];

    it.each(sources)('keeps the meaning of %s', (_label, source) => {
      const escaped = withAsciiOnly(source);

      expect(escaped).not.toMatch(NON_ASCII);
      expect(source).toMatch(NON_ASCII);
      expect(evaluate(escaped)).toEqual(evaluate(source));
    });

    it('leaves ASCII untouched', () => {
      const source = 'result = /^[a-z\\u00e9]+$/.test("abc") && "\\\\";';

      expect(withAsciiOnly(source)).toBe(source);
    });
  });
});
