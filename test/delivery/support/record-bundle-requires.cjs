// Preloaded (`node --require`) into the bundled server by production-image.e2e-spec.ts. Whatever
// esbuild could not resolve at build time stays a run-time `require()` or `import()` in the bundle,
// so the modules dist/main.js itself asks for are exactly what it leaves to node_modules and Node.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { isMainThread } = require('node:worker_threads');

const bundle = process.argv[1];
const record = process.env.BUNDLE_REQUIRES_FILE;

// The import hooks' own thread runs the preloads too; only the server's thread is recorded.
if (isMainThread) recordBundleRequests();

function recordBundleRequests() {
  const load = Module._load;
  Module._load = function (request, parent, ...rest) {
    if (parent && parent.filename === bundle) appendFileSync(record, `${request}\n`);
    return load.call(this, request, parent, ...rest);
  };

  const importHooks = `
import { appendFileSync } from 'node:fs';
let bundleUrl;
let record;
export function initialize(data) {
  ({ bundleUrl, record } = data);
}
export function resolve(specifier, context, next) {
  if (context.parentURL === bundleUrl) appendFileSync(record, specifier + '\\n');
  return next(specifier, context);
}
`;
  Module.register(`data:text/javascript,${encodeURIComponent(importHooks)}`, {
    data: { bundleUrl: pathToFileURL(bundle).href, record },
  });
}
