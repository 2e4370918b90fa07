import { join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ROUTE_NAMES, type RouteName } from './routes';

export interface BenchOptions {
  readonly rounds: number;
  /** Seconds of load per server, route and round. */
  readonly durationSeconds: number;
  /** Seconds of unrecorded load per server and route before the first round, so the JIT is warm. */
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly routes: readonly RouteName[];
  readonly coldStarts: number;
  readonly poolSize: number;
  readonly seedRows: number;
  /** Build the reference app and run `dist/`; without it the reference runs from source (tests). */
  readonly build: boolean;
  readonly measureNpmTest: boolean;
  readonly outDir: string;
  /** Copy the results to latest.md/latest.json; quick runs never do. */
  readonly updateLatest: boolean;
  /** First of the consecutive ports the servers use; OS-assigned free ports when undefined. */
  readonly portBase: number | undefined;
  /** Port of the embedded PostgreSQL (ignored with DATABASE_URL); a free one when undefined. */
  readonly postgresPort: number | undefined;
  readonly quick: boolean;
  /** Per-server memory limit; undefined: the Deployment's limit; 0: none. */
  readonly memoryLimitMiB: number | undefined;
  /** Node flags of both servers; undefined: those of the Dockerfile's CMD. */
  readonly nodeFlags: readonly string[] | undefined;
  /** Absolute path of the node binary of both servers and the migrations; undefined: the bench's own. */
  readonly nodeBinary: string | undefined;
}

export class UsageError extends Error {
  override name = UsageError.name;
}

export const USAGE = `Usage: npm run bench -- [options]

Compares the reference app (dist/, production mode) with the hand-written Fastify + pg app in
bench/raw on the same PostgreSQL, interleaving the two servers round by round.

  --rounds <n>          measured rounds (default 5)
  --duration <s>        seconds of load per server, route and round (default 5)
  --warmup <s>          unrecorded seconds per server and route before round 1 (default 2)
  --connections <n>     concurrent keep-alive connections of the load generator (default 10)
  --routes <a,b>        subset of ${ROUTE_NAMES.join(', ')}
  --cold-starts <n>     cold-start samples per server (default 3)
  --pool-size <n>       database pool size of both servers (default 10)
  --seed-rows <n>       articles seeded before the GET rounds (default 1000)
  --npm-test            also time a full \`npm test\` (slow)
  --no-build            run the reference app from source instead of building dist/
  --out <dir>           where results are written (default bench/results)
  --port-base <port>    use ports port-base..port-base+3 instead of free ones
  --pg-port <port>      port of the embedded PostgreSQL (without DATABASE_URL)
  --memory-limit <MiB>  memory limit of each server's cgroup (default: limits.memory of
                        deploy/k8s/deployment.yaml; 0 = no limit)
  --node-flags="<f…>"   node flags of both servers (default: those of the Dockerfile's CMD)
  --node <path>         node binary of both servers and the migrations: the image's major when
                        the bench runs on another supported one, or a Node major to compare
                        (default: the node running the bench)
  --quick               1 round of 1 s, no warm-up, 1 cold start; does not update latest.*
  --help                show this text

With DATABASE_URL set, a scratch database is created on that server and dropped afterwards;
otherwise an embedded PostgreSQL is started in a temporary directory.`;

const DEFAULTS = {
  rounds: 5,
  durationSeconds: 5,
  warmupSeconds: 2,
  connections: 10,
  coldStarts: 3,
  poolSize: 10,
  seedRows: 1000,
} as const;

const QUICK = { rounds: 1, durationSeconds: 1, warmupSeconds: 0, coldStarts: 1 } as const;

/** Parses the command line; returns undefined for `--help`. Throws UsageError on any bad value. */
export function parseBenchOptions(argv: readonly string[], projectRoot: string): BenchOptions | undefined {
  const { values } = parseCommandLine(argv);
  if (values.help) return undefined;

  const preset = values.quick ? { ...DEFAULTS, ...QUICK } : DEFAULTS;
  return {
    rounds: integerOption('rounds', values.rounds, preset.rounds, 1, 100),
    durationSeconds: numberOption('duration', values.duration, preset.durationSeconds, 0.5, 600),
    warmupSeconds: numberOption('warmup', values.warmup, preset.warmupSeconds, 0, 600),
    connections: integerOption('connections', values.connections, preset.connections, 1, 1000),
    routes: routesOption(values.routes),
    coldStarts: integerOption('cold-starts', values['cold-starts'], preset.coldStarts, 0, 50),
    poolSize: integerOption('pool-size', values['pool-size'], preset.poolSize, 1, 200),
    seedRows: integerOption('seed-rows', values['seed-rows'], preset.seedRows, 100, 1_000_000),
    build: values.build,
    measureNpmTest: values['npm-test'],
    outDir: values.out ?? join(projectRoot, 'bench', 'results'),
    updateLatest: !values.quick,
    portBase: optionalInteger('port-base', values['port-base'], 1024, 65_530),
    postgresPort: optionalInteger('pg-port', values['pg-port'], 1024, 65_535),
    quick: values.quick,
    memoryLimitMiB: optionalInteger('memory-limit', values['memory-limit'], 0, 65_536),
    nodeFlags: nodeFlagsOption(values['node-flags']),
    nodeBinary: values.node === undefined ? undefined : resolve(values.node),
  };
}

const FLAGS = {
  rounds: { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  routes: { type: 'string' },
  'cold-starts': { type: 'string' },
  'pool-size': { type: 'string' },
  'seed-rows': { type: 'string' },
  'npm-test': { type: 'boolean', default: false },
  build: { type: 'boolean', default: true },
  out: { type: 'string' },
  'port-base': { type: 'string' },
  'pg-port': { type: 'string' },
  'memory-limit': { type: 'string' },
  'node-flags': { type: 'string' },
  node: { type: 'string' },
  quick: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

interface ParseConfig extends ParseArgsConfig {
  args: string[];
  options: typeof FLAGS;
  strict: true;
  allowPositionals: false;
  allowNegative: true;
}

function parseCommandLine(argv: readonly string[]): ReturnType<typeof parseArgs<ParseConfig>> {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false, allowNegative: true });
  } catch (error) {
    // node:util reports unknown flags and missing values as errors with ERR_PARSE_ARGS_* codes.
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS');
}

function routesOption(raw: string | undefined): readonly RouteName[] {
  if (raw === undefined) return ROUTE_NAMES;
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isRouteName(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--routes: unknown route(s) ${unknown.join(', ')}; choose from ${ROUTE_NAMES.join(', ')}`);
  }
  return ROUTE_NAMES.filter((name) => names.includes(name));
}

function nodeFlagsOption(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const flags = raw.split(/\s+/).filter(Boolean);
  const notFlags = flags.filter((flag) => !flag.startsWith('--'));
  if (notFlags.length > 0) throw new UsageError(`--node-flags takes only --flags, got ${notFlags.join(' ')}`);
  return flags;
}

function isRouteName(name: string): name is RouteName {
  return (ROUTE_NAMES as readonly string[]).includes(name);
}

function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  return optionalInteger(name, raw, min, max) ?? fallback;
}

function optionalInteger(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return inRange(name, Number(raw), min, max);
}

function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError(`--${name} must be a number of seconds, got "${raw}"`);
  return inRange(name, Number(raw), min, max);
}

function inRange(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}
