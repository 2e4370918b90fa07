import { runUntilExit } from '../utils/spawned-app';

/**
 * Well above what starting Node with the TypeScript loader takes on a loaded machine, and well
 * below the boot-time connection retries a malformed DATABASE_URL used to go through.
 */
const EXIT_BOUND_MS = 6_000;

describe('a start with an invalid configuration (issue 17, item 9)', () => {
  jest.setTimeout(30_000);

  it('exits 1 at once with one message naming every problem, the production checks included, and no stack', async () => {
    const run = await runUntilExit(
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://app:hunter2@db.internal:99999/app',
        REDIS_URL: 'redis://cache.internal:6379x',
        HOST: 'not a host',
        PORT: 'abc',
        TRUST_PROXY: '0.0.0.0/1',
      },
      EXIT_BOUND_MS * 2,
    );

    expect(run.code).toBe(1);
    expect(run.elapsedMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Invalid environment configuration:');
    expect(lines.slice(1).map((line) => line.replace(/^ {2}- ([A-Z_]+):.*$/, '$1'))).toEqual([
      'HOST',
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'TRUST_PROXY',
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('exits 1 at once in production without access-token keys, before connecting anywhere', async () => {
    const run = await runUntilExit(
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db.invalid:5432/app', AUTH_JWT_KEYS: '' },
      EXIT_BOUND_MS * 2,
    );

    expect(run.code).toBe(1);
    expect(run.elapsedMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.stderr).toMatch(/^Invalid environment configuration:\n {2}- AUTH_JWT_KEYS: required in production/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['a port out of range', 'postgres://app:secret@127.0.0.1:99999/app'],
    ['an invalid %-escape in the password', 'postgres://app:50%off@127.0.0.1:5432/app'],
    ['another scheme', 'mysql://app:secret@127.0.0.1:3306/app'],
  ])('fails on a DATABASE_URL with %s without trying to connect', async (_case, url) => {
    const run = await runUntilExit({ DATABASE_URL: url }, EXIT_BOUND_MS * 2);

    expect(run.code).toBe(1);
    expect(run.elapsedMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.stderr).toMatch(/^Invalid environment configuration:\n {2}- DATABASE_URL: .*\(value hidden\)\n$/);
  });
});
