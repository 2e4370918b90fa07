import { createServer, type Server } from 'node:net';
import { runUntilExit } from '../utils/spawned-app';

/** How long a run may take before it counts as hanging: starting Node with the TypeScript loader is slow on a loaded machine. */
const RUN_TIMEOUT_MS = 25_000;

/** A loopback listener that counts the connections made to it: the proof that a start did not try to connect. */
async function connectionCounter(): Promise<{ readonly port: number; connections(): number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    connections: () => connections,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

describe('a start with an invalid configuration (issue 17, item 9)', () => {
  jest.setTimeout(RUN_TIMEOUT_MS + 5_000);

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
      RUN_TIMEOUT_MS,
    );

    expect(run.code).toBe(1);
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
    const database = await connectionCounter();
    const run = await runUntilExit(
      { NODE_ENV: 'production', DATABASE_URL: `postgres://app@127.0.0.1:${database.port}/app`, AUTH_JWT_KEYS: '' },
      RUN_TIMEOUT_MS,
    ).finally(() => database.close());

    expect(run.code).toBe(1);
    expect(database.connections()).toBe(0);
    expect(run.stderr).toMatch(/^Invalid environment configuration:\n {2}- AUTH_JWT_KEYS: required in production/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['a port out of range', (): string => 'postgres://app:secret@127.0.0.1:99999/app'],
    ['an invalid %-escape in the password', (port: number): string => `postgres://app:50%off@127.0.0.1:${port}/app`],
    ['another scheme', (port: number): string => `mysql://app:secret@127.0.0.1:${port}/app`],
  ])('fails on a DATABASE_URL with %s without trying to connect', async (_case, url) => {
    const database = await connectionCounter();
    const run = await runUntilExit({ DATABASE_URL: url(database.port) }, RUN_TIMEOUT_MS).finally(() =>
      database.close(),
    );

    expect(run.code).toBe(1);
    expect(database.connections()).toBe(0);
    expect(run.stderr).toMatch(/^Invalid environment configuration:\n {2}- DATABASE_URL: .*\(value hidden\)\n$/);
  });
});
