// plop's CLI (`npx plop`) finds this file at the repository root. The generators are TypeScript
// with decorators-era compiler options, so they load through @swc-node/register (as `npm run gen`
// does); plop itself cannot load generators/plopfile.ts. See docs/generators.md.
require('@swc-node/register');

const { default: plopfile } = require('./generators/plopfile.ts');

module.exports = function (plop) {
  plopfile(plop, { root: __dirname });
};
