import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryFiles } from '../../generators/init.generator';
import { exampleOnlyFiles } from '../../generators/lib/examples';

const ROOT = join(__dirname, '../..');

/**
 * Reliability scenarios that need some database-backed route, not the examples: they call routes
 * every service keeps (users, auth, health, metrics, docs) or mount the notes fixture
 * (test/fixtures/notes) through the app factory, so `init --without-examples` leaves them to the
 * service. What is intrinsically about the examples (their OpenAPI operations and contract) is in
 * example-named specs, which go with them.
 */
const SCENARIOS_ON_KEPT_ROUTES = [
  'test/delivery/production-image.e2e-spec.ts',
  'test/e2e/database-blackhole.e2e-spec.ts',
  'test/e2e/database-failure.e2e-spec.ts',
  'test/e2e/expensive-bodies.e2e-spec.ts',
  'test/e2e/graceful-shutdown.e2e-spec.ts',
  'test/e2e/http-semantics.e2e-spec.ts',
  'test/e2e/idempotency.e2e-spec.ts',
  'test/e2e/metrics.e2e-spec.ts',
  'test/e2e/openapi-contract.e2e-spec.ts',
  'test/e2e/openapi.e2e-spec.ts',
  'test/e2e/pool-exhaustion.e2e-spec.ts',
  'test/e2e/redis-outage.e2e-spec.ts',
  'test/e2e/shutdown-keep-alive.e2e-spec.ts',
  'test/e2e/text-encoding.e2e-spec.ts',
  'test/e2e/throttling.e2e-spec.ts',
];

/** The example part of specs split in two: it must go, or the kept spec would depend on what init removed. */
const EXAMPLE_PARTS_OF_SPLIT_SCENARIOS = [
  'test/e2e/articles-openapi-contract.e2e-spec.ts',
  'test/e2e/articles-openapi.e2e-spec.ts',
];

/**
 * The generator contract suites generate the modules they run on in their copy of the repository,
 * so a service keeps them (with their golden files and helpers) and they keep checking its generators.
 */
const GENERATOR_CONTRACT_SUITES = [
  'test/generators/destroy-generator.e2e-spec.ts',
  'test/generators/endpoint-test-generators.e2e-spec.ts',
  'test/generators/field-generator.e2e-spec.ts',
  'test/generators/module-generator.e2e-spec.ts',
  'test/generators/plop-cli.e2e-spec.ts',
  'test/generators/relation-generator.e2e-spec.ts',
  'test/generators/__snapshots__/endpoint-test-generators.e2e-spec.ts.snap',
  'test/generators/__snapshots__/field-generator.e2e-spec.ts.snap',
  'test/generators/__snapshots__/module-generator.e2e-spec.ts.snap',
  'test/generators/support/field-specs.ts',
  'test/generators/support/repository-copy.ts',
];

/** The generator suites that run on, or compare with, the hand-written examples: they go with them. */
const REFERENCE_MODULE_SUITE = [
  'test/generators/reference-module-edits.e2e-spec.ts',
  'test/generators/__snapshots__/reference-module-edits.e2e-spec.ts.snap',
  'test/generators/topics-shape.e2e-spec.ts',
];

// Apart from examples.spec.ts: a spec reading the repository that names the examples goes with them.
describe('this repository without its examples', () => {
  let files: string[];
  let removed: string[];

  beforeAll(() => {
    files = repositoryFiles(ROOT);
    removed = exampleOnlyFiles({ files, read: (path) => readFileSync(join(ROOT, path), 'utf8') }).map(
      ({ path }) => path,
    );
  });

  it('keeps the reliability scenarios whose workload is a route every service keeps, and their fixtures', () => {
    expect(files).toEqual(expect.arrayContaining(SCENARIOS_ON_KEPT_ROUTES));
    expect(removed.filter((path) => SCENARIOS_ON_KEPT_ROUTES.includes(path))).toEqual([]);
    expect(removed.filter((path) => path.startsWith('test/fixtures/notes/'))).toEqual([]);
  });

  it('keeps the generator contract suites, which generate their own modules', () => {
    expect(files).toEqual(expect.arrayContaining(GENERATOR_CONTRACT_SUITES));
    expect(removed.filter((path) => GENERATOR_CONTRACT_SUITES.includes(path))).toEqual([]);
  });

  // Once the examples are gone (a service after init) these are too, and nothing is left to remove.
  it.each([
    ['the example part of the split reliability specs', EXAMPLE_PARTS_OF_SPLIT_SCENARIOS],
    ['the generator suites that need the reference modules', REFERENCE_MODULE_SUITE],
  ])('removes %s', (_label, paths) => {
    expect(paths.filter((path) => files.includes(path) && !removed.includes(path))).toEqual([]);
  });
});
