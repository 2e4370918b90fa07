import { join } from 'node:path';
import { parseBenchOptions, UsageError } from './options';
import { ROUTE_NAMES } from './routes';

const ROOT = '/project';

describe(parseBenchOptions.name, () => {
  it('uses the full-run defaults and writes latest results', () => {
    expect(parseBenchOptions([], ROOT)).toEqual({
      rounds: 5,
      durationSeconds: 5,
      warmupSeconds: 2,
      connections: 10,
      routes: ROUTE_NAMES,
      coldStarts: 3,
      poolSize: 10,
      seedRows: 1000,
      build: true,
      measureNpmTest: false,
      outDir: '/project/bench/results',
      updateLatest: true,
      portBase: undefined,
      postgresPort: undefined,
      quick: false,
      memoryLimitMiB: undefined,
      nodeFlags: undefined,
      nodeBinary: undefined,
    });
  });

  it('makes --quick one short round without warm-up that leaves latest results alone', () => {
    expect(parseBenchOptions(['--quick'], ROOT)).toMatchObject({
      rounds: 1,
      durationSeconds: 1,
      warmupSeconds: 0,
      coldStarts: 1,
      updateLatest: false,
      quick: true,
    });
  });

  it('takes a memory limit in MiB, 0 meaning none', () => {
    expect(parseBenchOptions(['--memory-limit', '256'], ROOT)).toMatchObject({ memoryLimitMiB: 256 });
    expect(parseBenchOptions(['--memory-limit', '0'], ROOT)).toMatchObject({ memoryLimitMiB: 0 });
    expect(() => parseBenchOptions(['--memory-limit', '1.5'], ROOT)).toThrow(UsageError);
  });

  it('splits --node-flags into flags, an empty value meaning none', () => {
    expect(parseBenchOptions(['--node-flags=--max-semi-space-size=8  --jitless'], ROOT)).toMatchObject({
      nodeFlags: ['--max-semi-space-size=8', '--jitless'],
    });
    expect(parseBenchOptions(['--node-flags='], ROOT)).toMatchObject({ nodeFlags: [] });
    expect(() => parseBenchOptions(['--node-flags=dist/other.js'], ROOT)).toThrow(/only --flags/);
  });

  it('takes --node as a path, relative ones from the working directory', () => {
    expect(parseBenchOptions(['--node', '/opt/node24/bin/node'], ROOT)).toMatchObject({
      nodeBinary: '/opt/node24/bin/node',
    });
    expect(parseBenchOptions(['--node', 'node24/package/bin/node'], ROOT)).toMatchObject({
      nodeBinary: join(process.cwd(), 'node24/package/bin/node'),
    });
    expect(() => parseBenchOptions(['--node'], ROOT)).toThrow(UsageError);
  });

  it('lets explicit values override the --quick preset', () => {
    expect(parseBenchOptions(['--quick', '--rounds', '2'], ROOT)).toMatchObject({ rounds: 2, quick: true });
  });

  it('reads every flag', () => {
    const options = parseBenchOptions(
      [
        ...['--rounds', '3', '--duration', '2.5', '--warmup', '0', '--connections', '20'],
        ...['--routes', 'article-create,health-live', '--cold-starts', '0', '--pool-size', '5'],
        ...['--seed-rows', '200', '--npm-test', '--no-build', '--out', '/tmp/out'],
        ...['--port-base', '3501', '--pg-port', '54405', '--memory-limit', '512', '--node-flags=--jitless'],
        ...['--node', '/opt/node24/bin/node'],
      ],
      ROOT,
    );
    expect(options).toEqual({
      rounds: 3,
      durationSeconds: 2.5,
      warmupSeconds: 0,
      connections: 20,
      routes: ['health-live', 'article-create'],
      coldStarts: 0,
      poolSize: 5,
      seedRows: 200,
      build: false,
      measureNpmTest: true,
      outDir: '/tmp/out',
      updateLatest: true,
      portBase: 3501,
      postgresPort: 54405,
      quick: false,
      memoryLimitMiB: 512,
      nodeFlags: ['--jitless'],
      nodeBinary: '/opt/node24/bin/node',
    });
  });

  it('returns undefined for --help', () => {
    expect(parseBenchOptions(['--help'], ROOT)).toBeUndefined();
  });

  it.each([
    [['--rounds', '1e3'], /--rounds must be a whole number, got "1e3"/],
    [['--rounds', '0'], /--rounds must be between 1 and 100, got 0/],
    [['--duration', 'abc'], /--duration must be a number of seconds/],
    [['--connections', '-1'], /--connections/],
    [['--connections=-1'], /--connections must be a whole number/],
    [['--routes', 'health-live,everything'], /unknown route\(s\) everything/],
    [['--port-base', '80'], /--port-base must be between 1024/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchOptions(argv, ROOT)).toThrow(UsageError);
    expect(() => parseBenchOptions(argv, ROOT)).toThrow(message);
  });

  it('rejects unknown flags', () => {
    expect(() => parseBenchOptions(['--round', '3'], ROOT)).toThrow(UsageError);
    expect(() => parseBenchOptions(['--round', '3'], ROOT)).toThrow(/Unknown option '--round'/);
  });
});
