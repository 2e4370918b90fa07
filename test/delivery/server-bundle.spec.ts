import { isServerBundle, serverBundleOptions, withBundlerRequire } from '../../scripts/lib/server-bundle';

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
});
