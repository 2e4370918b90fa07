import type { LoadResult } from './load-protocol';
import type { RatioTargets, RouteName } from './routes';
import type { ServerRuntime } from './runtime';
import type { ServerKind } from './servers';
import { median, ratio, type Spread, spread } from './stats';

/** One server's measurement of one route in one round. */
export interface RunMeasurement {
  readonly load: LoadResult;
  /** Server process CPU time (user + system) during the run divided by expected responses. */
  readonly cpuMicrosPerRequest: number;
}

export type RoundPair = Readonly<Record<ServerKind, RunMeasurement>>;

export interface MetricSummary {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerRequest: number;
}

export type MetricName = keyof MetricSummary;
export const METRIC_NAMES: readonly MetricName[] = ['requestsPerSecond', 'p50Ms', 'p99Ms', 'cpuMicrosPerRequest'];

export interface RouteReport {
  readonly name: RouteName;
  readonly label: string;
  readonly skipped?: string;
  readonly rounds: readonly RoundPair[];
  /** Medians over rounds, per server. */
  readonly medians?: Readonly<Record<ServerKind, MetricSummary>>;
  /** reference ÷ raw computed within each round, then summarised over rounds. */
  readonly ratios?: Readonly<Record<MetricName, Spread>>;
  readonly unexpectedResponses: Readonly<Record<ServerKind, number>>;
  readonly targets: RatioTargets;
}

/** The raw baseline's GET by id served with and without authentication. */
export type AuthMode = 'anonymous' | 'authenticated';
export const AUTH_MODES: readonly AuthMode[] = ['anonymous', 'authenticated'];
export type AuthRoundPair = Readonly<Record<AuthMode, RunMeasurement>>;

/** What verifying the token and reading the session add to one request (bench/raw/app.ts). */
export interface AuthOverheadReport {
  readonly label: string;
  readonly skipped?: string;
  readonly rounds: readonly AuthRoundPair[];
  readonly medians?: Readonly<Record<AuthMode, MetricSummary>>;
  /** authenticated ÷ anonymous computed within each round, then summarised over rounds. */
  readonly ratios?: Readonly<Record<MetricName, Spread>>;
  /** authenticated − anonymous server CPU per request (µs), within each round. */
  readonly addedCpuMicrosPerRequest?: Spread;
}

export interface StartupReport {
  readonly coldStartMs: Readonly<Record<ServerKind, Spread>>;
  readonly coldStartRatio: number;
  readonly readinessRoute: Readonly<Record<ServerKind, boolean>>;
  readonly rssAfterStartMiB: Readonly<Record<ServerKind, number>>;
  readonly rssAfterLoadMiB: Readonly<Record<ServerKind, number>>;
  readonly rssAfterRoundsMiB: Readonly<Record<ServerKind, readonly number[]>>;
  readonly logLinesPerRequest: Readonly<Record<ServerKind, number>>;
}

export interface MachineReport {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGiB: number;
  readonly os: string;
  /** The harness's and the load generator's Node; the servers' is ServerRuntime.node. */
  readonly node: string;
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
}

export type ExtraMeasurement =
  | { readonly status: 'measured'; readonly seconds: number; readonly detail: string }
  | { readonly status: 'skipped'; readonly reason: string };

export interface BenchReport {
  readonly generatedAt: string;
  readonly commit: string;
  readonly machine: MachineReport;
  readonly settings: {
    readonly rounds: number;
    readonly durationSeconds: number;
    readonly warmupSeconds: number;
    readonly connections: number;
    readonly poolSize: number;
    readonly seedRows: number;
    readonly coldStarts: number;
    readonly referenceMode: 'dist' | 'source';
    readonly database: string;
    readonly quick: boolean;
  };
  readonly runtime: ServerRuntime;
  readonly routes: readonly RouteReport[];
  readonly authOverhead: AuthOverheadReport;
  readonly startup: StartupReport;
  readonly npmTest: ExtraMeasurement;
  readonly moduleGeneration: ExtraMeasurement;
}

/** Absolute targets for the reference app (issue 14, as issue 5 but cold start ≤ 1 s). */
export const COLD_START_TARGET_MS = 1_000;
export const RSS_AFTER_LOAD_TARGET_MIB = 160;

export function summariseRoute(
  base: Pick<RouteReport, 'name' | 'label' | 'targets'>,
  rounds: readonly RoundPair[],
): RouteReport {
  const unexpected = (kind: ServerKind): number =>
    rounds.reduce((sum, pair) => sum + pair[kind].load.unexpectedResponses, 0);
  return {
    ...base,
    rounds,
    ...compareRounds(rounds, 'reference', 'raw'),
    unexpectedResponses: { raw: unexpected('raw'), reference: unexpected('reference') },
  };
}

export function summariseAuthOverhead(label: string, rounds: readonly AuthRoundPair[]): AuthOverheadReport {
  return {
    label,
    rounds,
    ...compareRounds(rounds, 'authenticated', 'anonymous'),
    addedCpuMicrosPerRequest: spread(
      rounds.map((pair) => pair.authenticated.cpuMicrosPerRequest - pair.anonymous.cpuMicrosPerRequest),
    ),
  };
}

/** Each side's medians over rounds, and subject ÷ baseline computed within each round. */
function compareRounds<K extends string>(
  rounds: readonly Readonly<Record<K, RunMeasurement>>[],
  subject: K,
  baseline: K,
): { medians: Record<K, MetricSummary>; ratios: Record<MetricName, Spread> } {
  const medianOf = (side: K): MetricSummary => {
    const values = (name: MetricName): number => median(rounds.map((pair) => metricOf(pair[side], name)));
    return {
      requestsPerSecond: values('requestsPerSecond'),
      p50Ms: values('p50Ms'),
      p99Ms: values('p99Ms'),
      cpuMicrosPerRequest: values('cpuMicrosPerRequest'),
    };
  };
  const ratioOf = (name: MetricName): Spread =>
    spread(rounds.map((pair) => ratio(metricOf(pair[subject], name), metricOf(pair[baseline], name))));
  return {
    medians: { [subject]: medianOf(subject), [baseline]: medianOf(baseline) } as Record<K, MetricSummary>,
    ratios: {
      requestsPerSecond: ratioOf('requestsPerSecond'),
      p50Ms: ratioOf('p50Ms'),
      p99Ms: ratioOf('p99Ms'),
      cpuMicrosPerRequest: ratioOf('cpuMicrosPerRequest'),
    },
  };
}

function metricOf(measurement: RunMeasurement, name: MetricName): number {
  return name === 'cpuMicrosPerRequest' ? measurement.cpuMicrosPerRequest : measurement.load[name];
}

const METRIC_LABELS: Readonly<Record<MetricName, string>> = {
  requestsPerSecond: 'req/s',
  p50Ms: 'p50 latency (ms)',
  p99Ms: 'p99 latency (ms)',
  cpuMicrosPerRequest: 'server CPU per request (µs)',
};

/** Which way a ratio must go to meet its target. */
const TARGET_FOR: Readonly<Record<MetricName, { key: keyof RatioTargets; atLeast: boolean } | undefined>> = {
  requestsPerSecond: { key: 'requestsPerSecond', atLeast: true },
  p50Ms: undefined,
  p99Ms: { key: 'p99', atLeast: false },
  cpuMicrosPerRequest: { key: 'cpuPerRequest', atLeast: false },
};

export function renderMarkdown(report: BenchReport): string {
  return [
    '# Benchmark: reference app vs raw Fastify + pg',
    '',
    ...renderSettings(report),
    '',
    '## Throughput, latency and CPU (ratio = reference ÷ raw, per round, median over rounds)',
    '',
    '| Route | Metric | raw Fastify | reference | ratio (min–max) | target |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...report.routes.flatMap(renderRouteRows),
    '',
    ...renderSkipped(report.routes),
    ...renderUnexpected(report.routes),
    ...renderAuthOverhead(report.authOverhead),
    '## Startup, memory, logging',
    '',
    ...renderStartup(report.startup),
    '',
    '## Developer loop',
    '',
    `- \`npm test\` wall time: ${renderExtra(report.npmTest)}`,
    `- one \`module\` generation: ${renderExtra(report.moduleGeneration)}`,
    '',
    '## Per-round values (raw / reference)',
    '',
    ...renderRounds(report.routes),
  ].join('\n');
}

function renderSettings(report: BenchReport): string[] {
  const { machine, settings, runtime } = report;
  return [
    `Generated ${report.generatedAt} at commit \`${report.commit}\`${settings.quick ? ' — **quick run, numbers are not meaningful**' : ''}.`,
    '',
    `- Machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs, ${machine.memoryGiB} GiB RAM, ${machine.os}; harness and load generator on Node ${machine.node}`,
    `- Load average before / after: ${machine.loadAverageBefore.map(fixed(2)).join(' ')} / ${machine.loadAverageAfter.map(fixed(2)).join(' ')} (other work on the machine shares the CPUs; interleaving cancels slow drift, not bursts)`,
    `- ${settings.rounds} round(s) × ${settings.durationSeconds} s per server and route, ${settings.warmupSeconds} s warm-up, ${settings.connections} connections, pool size ${settings.poolSize}, ${settings.seedRows} seeded articles`,
    `- ${describeRuntime(runtime)}`,
    `- ${describeServerNode(runtime)}`,
    `- Reference app run from ${settings.referenceMode === 'dist' ? '`dist/` (npm run build)' : 'source via @swc-node/register (--no-build)'}; PostgreSQL: ${settings.database}`,
  ];
}

function renderRouteRows(route: RouteReport): string[] {
  const { medians, ratios } = route;
  if (!medians || !ratios) return [];
  return METRIC_NAMES.map((name) => {
    const precision = name === 'requestsPerSecond' || name === 'cpuMicrosPerRequest' ? 0 : 2;
    const range = ratios[name];
    const target = renderTarget(name, route.targets, range.median);
    return `| ${route.label} | ${METRIC_LABELS[name]} | ${fixed(precision)(medians.raw[name])} | ${fixed(precision)(medians.reference[name])} | ${fixed(2)(range.median)}× (${fixed(2)(range.min)}–${fixed(2)(range.max)}) | ${target} |`;
  });
}

function renderTarget(name: MetricName, targets: RatioTargets, value: number): string {
  const rule = TARGET_FOR[name];
  const bound = rule ? targets[rule.key] : undefined;
  if (!rule || bound === undefined) return '';
  const met = rule.atLeast ? value >= bound : value <= bound;
  return `${rule.atLeast ? '≥' : '≤'} ${bound}× ${met ? 'met' : '**missed**'}`;
}

function renderAuthOverhead(overhead: AuthOverheadReport): string[] {
  const heading = `## Authentication overhead (raw baseline, ${overhead.label}: with a token ÷ without, per round)`;
  const { medians, ratios, addedCpuMicrosPerRequest } = overhead;
  if (overhead.skipped !== undefined || !medians || !ratios || !addedCpuMicrosPerRequest) {
    return [heading, '', `Not measured: ${overhead.skipped ?? 'no rounds'}.`, ''];
  }
  const range = (spread: Spread, digits: number, unit: string): string =>
    `${fixed(digits)(spread.median)}${unit} (${fixed(digits)(spread.min)}–${fixed(digits)(spread.max)})`;
  return [
    heading,
    '',
    'The same handler and rows; with a token it also verifies the JWT (jose) and reads the session and user (one query), as the reference guard does.',
    '',
    '| Metric | without token | with token | ratio (min–max) |',
    '| --- | ---: | ---: | ---: |',
    ...METRIC_NAMES.map((name) => {
      const precision = name === 'requestsPerSecond' || name === 'cpuMicrosPerRequest' ? 0 : 2;
      return `| ${METRIC_LABELS[name]} | ${fixed(precision)(medians.anonymous[name])} | ${fixed(precision)(medians.authenticated[name])} | ${range(ratios[name], 2, '×')} |`;
    }),
    '',
    `Server CPU added per request by authentication: ${range(addedCpuMicrosPerRequest, 0, ' µs')}.`,
    '',
  ];
}

function renderSkipped(routes: readonly RouteReport[]): string[] {
  const skipped = routes.filter((route) => route.skipped !== undefined);
  if (skipped.length === 0) return [];
  return [...skipped.map((route) => `- Skipped ${route.label}: ${route.skipped}`), ''];
}

function renderUnexpected(routes: readonly RouteReport[]): string[] {
  const noisy = routes.filter((route) => route.unexpectedResponses.raw + route.unexpectedResponses.reference > 0);
  if (noisy.length === 0) return [];
  return [
    ...noisy.map(
      (route) =>
        `- **${route.label}: unexpected responses or errors** — raw ${route.unexpectedResponses.raw}, reference ${route.unexpectedResponses.reference} (excluded from req/s and latency)`,
    ),
    '',
  ];
}

function renderStartup(startup: StartupReport): string[] {
  const cold = (kind: ServerKind): string => {
    const range = startup.coldStartMs[kind];
    const route = startup.readinessRoute[kind] ? '' : ' (no /health/ready yet: first response of any status)';
    return `${fixed(0)(range.median)} ms (${fixed(0)(range.min)}–${fixed(0)(range.max)})${route}`;
  };
  const coldTarget = startup.coldStartMs.reference.median <= COLD_START_TARGET_MS ? 'met' : '**missed**';
  const rssTarget = startup.rssAfterLoadMiB.reference <= RSS_AFTER_LOAD_TARGET_MIB ? 'met' : '**missed**';
  return [
    '| Measure | raw Fastify | reference | ratio | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| cold start to first 200 on /health/ready (median, min–max) | ${cold('raw')} | ${cold('reference')} | ${fixed(2)(startup.coldStartRatio)}× | ≤ ${COLD_START_TARGET_MS} ms ${coldTarget} |`,
    `| RSS after start (MiB) | ${fixed(0)(startup.rssAfterStartMiB.raw)} | ${fixed(0)(startup.rssAfterStartMiB.reference)} | ${fixed(2)(ratio(startup.rssAfterStartMiB.reference, startup.rssAfterStartMiB.raw))}× | |`,
    `| RSS after load (MiB) | ${fixed(0)(startup.rssAfterLoadMiB.raw)} | ${fixed(0)(startup.rssAfterLoadMiB.reference)} | ${fixed(2)(ratio(startup.rssAfterLoadMiB.reference, startup.rssAfterLoadMiB.raw))}× | ≤ ${RSS_AFTER_LOAD_TARGET_MIB} MiB ${rssTarget} |`,
    `| RSS after each round (MiB) | ${startup.rssAfterRoundsMiB.raw.map(fixed(0)).join(', ')} | ${startup.rssAfterRoundsMiB.reference.map(fixed(0)).join(', ')} | | |`,
    `| log lines per request served | ${fixed(2)(startup.logLinesPerRequest.raw)} | ${fixed(2)(startup.logLinesPerRequest.reference)} | | 1 line per request |`,
  ];
}

function renderExtra(extra: ExtraMeasurement): string {
  return extra.status === 'measured'
    ? `${fixed(1)(extra.seconds)} s (${extra.detail})`
    : `not measured — ${extra.reason}`;
}

function renderRounds(routes: readonly RouteReport[]): string[] {
  const measured = routes.filter((route) => route.rounds.length > 0);
  return [
    '| Route | Round | req/s | p50 ms | p99 ms | CPU µs/req |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...measured.flatMap((route) =>
      route.rounds.map((pair, index) => {
        const both = (name: MetricName, precision: number): string =>
          `${fixed(precision)(metricOf(pair.raw, name))} / ${fixed(precision)(metricOf(pair.reference, name))}`;
        return `| ${route.label} | ${index + 1} | ${both('requestsPerSecond', 0)} | ${both('p50Ms', 2)} | ${both('p99Ms', 2)} | ${both('cpuMicrosPerRequest', 0)} |`;
      }),
    ),
  ];
}

function fixed(digits: number): (value: number) => string {
  return (value) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
}

function describeRuntime(runtime: ServerRuntime): string {
  const flags = runtime.nodeFlags.length > 0 ? `\`node ${runtime.nodeFlags.join(' ')}\`` : 'node without flags';
  const limit =
    runtime.memoryLimitMiB === undefined
      ? 'no memory limit'
      : `a ${runtime.memoryLimitMiB} MiB memory limit each (${runtime.memoryLimitSource}; ${runtime.memoryLimitEnforcement})`;
  return `Both servers: ${flags} (${runtime.nodeFlagsSource}), ${runtime.allocator.description}, ${limit}`;
}

function describeServerNode(runtime: ServerRuntime): string {
  const { node } = runtime;
  return `Servers' Node: ${node.version}${compareWithImage(runtime)} \`${node.path}\` (${node.source})`;
}

function compareWithImage({ imageNode, nodeMatchesImage }: ServerRuntime): string {
  if (imageNode.major === undefined)
    return ` (the runtime image ${imageNode.image} names no Node major to compare with),`;
  if (nodeMatchesImage) return ` (the image's node:${imageNode.major}),`;
  return ` — **the image runs node:${imageNode.major}**, pass --node with a Node ${imageNode.major} binary to match;`;
}
