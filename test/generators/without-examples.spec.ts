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

// Apart from examples.spec.ts: a spec reading the repository that names the examples goes with them.
describe('this repository without its examples', () => {
  it('keeps the reliability scenarios whose workload is a route every service keeps, and their fixtures', () => {
    const files = repositoryFiles(ROOT);
    const removed = exampleOnlyFiles({ files, read: (path) => readFileSync(join(ROOT, path), 'utf8') });
    const removedPaths = removed.map(({ path }) => path);

    expect(files).toEqual(expect.arrayContaining(SCENARIOS_ON_KEPT_ROUTES));
    expect(removed.filter(({ path }) => SCENARIOS_ON_KEPT_ROUTES.includes(path))).toEqual([]);
    expect(removedPaths.filter((path) => path.startsWith('test/fixtures/notes/'))).toEqual([]);
    expect(removedPaths).toEqual(expect.arrayContaining(EXAMPLE_PARTS_OF_SPLIT_SCENARIOS));
  });
});
