import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryFiles } from '../../generators/init.generator';
import { exampleOnlyFiles } from '../../generators/lib/examples';

const ROOT = join(__dirname, '../..');

/**
 * Scenarios that need some database-backed route, not the examples: they call routes every service
 * keeps (users, auth), so `init --without-examples` leaves them to the service. The shutdown
 * scenarios count created articles and stay with the examples.
 */
const SCENARIOS_ON_KEPT_ROUTES = [
  'test/e2e/database-blackhole.e2e-spec.ts',
  'test/e2e/database-failure.e2e-spec.ts',
  'test/e2e/http-semantics.e2e-spec.ts',
  'test/e2e/metrics.e2e-spec.ts',
  'test/e2e/pool-exhaustion.e2e-spec.ts',
  'test/e2e/redis-outage.e2e-spec.ts',
];

// Apart from examples.spec.ts: a spec reading the repository that names the examples goes with them.
describe('this repository without its examples', () => {
  it('keeps the reliability scenarios whose workload is a route every service keeps', () => {
    const files = repositoryFiles(ROOT);
    const removed = exampleOnlyFiles({ files, read: (path) => readFileSync(join(ROOT, path), 'utf8') });

    expect(files).toEqual(expect.arrayContaining(SCENARIOS_ON_KEPT_ROUTES));
    expect(removed.filter(({ path }) => SCENARIOS_ON_KEPT_ROUTES.includes(path))).toEqual([]);
  });
});
