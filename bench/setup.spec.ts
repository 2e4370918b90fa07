import { parseBenchOptions } from './options';
import { serverSpecs } from './setup';

describe(serverSpecs.name, () => {
  const options = parseBenchOptions(['--quick'], '/repo')!;
  const specs = serverSpecs({
    root: '/repo',
    rawEntry: '/tmp/raw/main.js',
    databaseUrl: 'postgres://bench@127.0.0.1:5432/bench',
    options,
    nodeBinary: '/usr/bin/node',
    nodeFlags: ['--max-semi-space-size=16'],
    allocatorEnv: { LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' },
    cgroupProcsFiles: {},
    authEnv: { AUTH_JWT_KEYS: `bench:${'A'.repeat(43)}`, SMTP_URL: 'smtp://127.0.0.1:25' },
  });

  it('gives both servers the same node flags and allocator', () => {
    for (const spec of [specs.raw, specs.reference]) {
      expect(spec.nodeArgs[0]).toBe('--max-semi-space-size=16');
      expect(spec.env).toMatchObject({
        LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      });
    }
  });

  it('gives both servers the same signing key, so both verify the bench token', () => {
    expect(specs.raw.env.AUTH_JWT_KEYS).toBe(`bench:${'A'.repeat(43)}`);
    expect(specs.raw.env.AUTH_JWT_KEYS).toBe(specs.reference.env.AUTH_JWT_KEYS);
  });
});
