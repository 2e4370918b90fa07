import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../scripts/embedded-postgres';
import { exitUnlessExampleModule } from '../scripts/lib/example-module';
import { loadTestAuth } from '../scripts/lib/load-test-auth';
import { preloadEntries, readMissingLibraries } from '../scripts/lib/preload';
import { type BenchDatabase, BenchFixtures, presentTables, provisionDatabase } from './database';
import { measureModuleGeneration, measureNpmTest } from './extras';
import { LoadClient } from './load-client';
import { resolveServerNode } from './node-binary';
import { type BenchOptions, parseBenchOptions, USAGE, UsageError } from './options';
import { readCpuMicros, readRssBytes } from './proc';
import {
  AUTH_MODES,
  type AuthMode,
  type AuthOverheadReport,
  type AuthRoundPair,
  type BenchReport,
  renderMarkdown,
  type RoundPair,
  type RouteReport,
  type RunMeasurement,
  summariseAuthOverhead,
  summariseRoute,
} from './report';
import {
  AUTH_OVERHEAD_ROUTE,
  authOverheadRequests,
  type BenchTable,
  type LoadRequest,
  missingTable,
  ROUTES,
  type RouteScenario,
  SEQUENCE_PLACEHOLDER,
} from './routes';
import { prepareServerRuntime } from './runtime';
import {
  countLines,
  type RunningServer,
  SERVER_KINDS,
  type ServerKind,
  type ServerSpec,
  startServer,
  statusOf,
} from './servers';
import { buildReference, compileRawApp, runMigrations, serverSpecs } from './setup';
import { spread } from './stats';

const ROOT = join(__dirname, '..');
const MIB = 1024 * 1024;

type Servers = Readonly<Record<ServerKind, RunningServer>>;

/** Everything started during a run, stopped in reverse order whatever happens. */
class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup failed: ${(error as Error).message}`);
      }
    }
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), ROOT);
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  exitUnlessExampleModule('npm run bench', 'bench/routes.ts and bench/raw/app.ts');
  const cleanup = new Cleanup();
  const interrupt = (): void => {
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const report = await runBench(options, cleanup);
    const written = await writeReport(report, options);
    process.stdout.write(`${renderMarkdown(report)}\n\nWritten: ${written.join(', ')}\n`);
  } finally {
    await cleanup.run();
  }
}

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<BenchReport> {
  const loadAverageBefore = loadavg();
  const generatedAt = new Date().toISOString();
  const node = await resolveServerNode(options.nodeBinary);
  const workDir = join(ROOT, '.tmp', 'bench', generatedAt.replaceAll(':', '-'));
  await mkdir(workDir, { recursive: true });
  log(`logs in ${workDir}`);

  if (options.build) await buildReference(ROOT, log);
  const rawEntry = await compileRawApp(ROOT, join(workDir, 'raw'));

  const database = await provisionDatabase(options.postgresPort);
  cleanup.add(() => database.close());
  await runMigrations(ROOT, options.build, database.url, node.path);
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  cleanup.add(() => admin.end());
  const tables = await presentTables(admin);
  const fixtures = new BenchFixtures(options.seedRows, tables);
  await fixtures.reset(admin);
  const auth = await loadTestAuth(admin);

  const prepared = await prepareServerRuntime(ROOT, options, node);
  cleanup.add(() => prepared.release());
  const { runtime } = prepared;
  log(
    `servers: node ${node.version} (${node.path}) ${runtime.nodeFlags.join(' ') || '(no flags)'}; ${runtime.allocator.description}; memory limit ${runtime.memoryLimitMiB ?? 'none'} MiB (${runtime.memoryLimitEnforcement})`,
  );
  const specs = serverSpecs({
    root: ROOT,
    rawEntry,
    databaseUrl: database.url,
    options,
    nodeBinary: node.path,
    nodeFlags: runtime.nodeFlags,
    allocatorEnv: runtime.allocator.env,
    cgroupProcsFiles: prepared.cgroupProcsFiles,
    authEnv: auth.env,
  });
  const ports = await allocatePorts(options.portBase);
  const coldStarts = await measureColdStarts(specs, ports.cold, workDir, options.coldStarts);

  const servers = await startBoth(specs, ports.main, workDir, cleanup);
  await expectPreloaded(servers, preloadEntries(runtime.allocator.env.LD_PRELOAD));
  const loader = LoadClient.start();
  cleanup.add(() => {
    loader.stop();
  });
  const served: Record<ServerKind, number> = { raw: 0, reference: 0 };
  const session = new Session(servers, loader, fixtures, admin, options, served, auth.headers);

  const scenarios = ROUTES.filter((route) => options.routes.includes(route.name));
  const runnable: RouteScenario[] = [];
  const skipped = new Map<RouteScenario, string>();
  for (const route of scenarios) {
    const reason = await session.whyUnavailable(route, tables);
    if (reason) skipped.set(route, reason);
    else runnable.push(route);
  }
  const rounds = await session.measureRounds(runnable);
  const authOverhead = await measureAuthOverhead(session, runnable);

  const rssAfterLoad = await rssOf(servers);
  const logLines = await logLinesOf(servers);
  for (const kind of SERVER_KINDS) await servers[kind].stop();
  loader.stop();

  const routes: RouteReport[] = scenarios.map((route) => {
    const base = { name: route.name, label: route.label, targets: route.targets };
    const reason = skipped.get(route);
    if (reason !== undefined) {
      return { ...base, skipped: reason, rounds: [], unexpectedResponses: { raw: 0, reference: 0 } };
    }
    return summariseRoute(base, rounds.get(route) ?? []);
  });

  const npmTest = options.measureNpmTest
    ? await measureNpmTest(ROOT, workDir, database)
    : ({ status: 'skipped', reason: 'pass --npm-test to time it' } as const);
  const moduleGeneration = await measureModuleGeneration(ROOT, workDir, options.quick);

  return {
    generatedAt,
    commit: currentCommit(),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cpuCount: cpus().length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      os: `${type()} ${release()}`,
      node: process.version,
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    settings: {
      rounds: options.rounds,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      poolSize: options.poolSize,
      seedRows: options.seedRows,
      coldStarts: options.coldStarts,
      referenceMode: options.build ? 'dist' : 'source',
      database: describeDatabase(database),
      quick: options.quick,
    },
    runtime,
    routes,
    authOverhead,
    startup: {
      coldStartMs: { raw: spread(coldStarts.raw), reference: spread(coldStarts.reference) },
      coldStartRatio: spread(coldStarts.reference).median / spread(coldStarts.raw).median,
      readinessRoute: { raw: servers.raw.readinessRoute, reference: servers.reference.readinessRoute },
      rssAfterStartMiB: {
        raw: servers.raw.rssAfterStartBytes / MIB,
        reference: servers.reference.rssAfterStartBytes / MIB,
      },
      rssAfterLoadMiB: { raw: rssAfterLoad.raw / MIB, reference: rssAfterLoad.reference / MIB },
      rssAfterRoundsMiB: session.rssAfterRounds,
      logLinesPerRequest: { raw: logLines.raw / served.raw, reference: logLines.reference / served.reference },
    },
    npmTest,
    moduleGeneration,
  };
}

/** Measured only when its route is, with the same rounds and duration, after the route's own rounds. */
async function measureAuthOverhead(session: Session, runnable: readonly RouteScenario[]): Promise<AuthOverheadReport> {
  const route = runnable.find((candidate) => candidate.name === AUTH_OVERHEAD_ROUTE);
  const label = route?.label ?? AUTH_OVERHEAD_ROUTE;
  if (route === undefined)
    return { label, skipped: `${AUTH_OVERHEAD_ROUTE} is not among the measured routes`, rounds: [] };
  return summariseAuthOverhead(label, await session.measureAuthOverhead(route));
}

/** Load runs against the two long-lived servers. */
class Session {
  private runCounter = 0;
  /** RSS after each round: a steady climb means memory grows with requests served. */
  readonly rssAfterRounds: Record<ServerKind, number[]> = { raw: [], reference: [] };

  constructor(
    private readonly servers: Servers,
    private readonly loader: LoadClient,
    private readonly fixtures: BenchFixtures,
    private readonly admin: Client,
    private readonly options: BenchOptions,
    private readonly served: Record<ServerKind, number>,
    private readonly credentials: Readonly<Record<string, string>>,
  ) {}

  /** The route's request with the bench's bearer token (scripts/lib/load-test-auth.ts). */
  private requestOf(route: RouteScenario): LoadRequest {
    return this.withCredentials(route.load(this.fixtures));
  }

  private withCredentials(request: LoadRequest): LoadRequest {
    return { ...request, headers: { ...request.headers, ...this.credentials } };
  }

  /** A route is measured only when both servers answer it with the expected status. */
  async whyUnavailable(route: RouteScenario, tables: ReadonlySet<BenchTable>): Promise<string | undefined> {
    const missing = missingTable(route, tables);
    if (missing !== undefined) return `no ${missing} table: the reference app has no ${missing} module yet`;
    const request = this.requestOf(route);
    const problems: string[] = [];
    for (const kind of SERVER_KINDS) {
      const body = request.bodyTemplate?.replaceAll(SEQUENCE_PLACEHOLDER, `probe-${kind}`);
      const status = await statusOf(`${this.servers[kind].baseUrl}${request.paths[0] ?? '/'}`, {
        method: request.method,
        headers: request.headers ?? {},
        ...(body === undefined ? {} : { body }),
      });
      this.served[kind] += 1;
      if (status !== route.expectedStatus) problems.push(`${kind} answered ${status ?? 'nothing'}`);
    }
    if (route.mutates) await this.fixtures.reset(this.admin);
    return problems.length > 0 ? `expected ${route.expectedStatus}, ${problems.join(', ')}` : undefined;
  }

  async measureRounds(routes: readonly RouteScenario[]): Promise<Map<RouteScenario, RoundPair[]>> {
    const { warmupSeconds, durationSeconds, rounds } = this.options;
    if (warmupSeconds > 0) {
      for (const route of routes) {
        for (const kind of SERVER_KINDS) await this.measure(route, kind, warmupSeconds);
      }
      log('warm-up done');
    }
    const results = new Map<RouteScenario, RoundPair[]>(routes.map((route) => [route, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, route] of routes.entries()) {
        // Alternating who goes first cancels any advantage of running first or second.
        const order = (round + index) % 2 === 0 ? SERVER_KINDS : [...SERVER_KINDS].reverse();
        const pair: Partial<Record<ServerKind, RunMeasurement>> = {};
        for (const kind of order) pair[kind] = await this.measure(route, kind, durationSeconds);
        results.get(route)?.push(pair as RoundPair);
        log(`round ${round + 1}/${rounds} ${route.label}: ${describePair(pair as RoundPair)}`);
      }
      const rss = await rssOf(this.servers);
      for (const kind of SERVER_KINDS) this.rssAfterRounds[kind].push(rss[kind] / MIB);
    }
    return results;
  }

  /**
   * The raw server's GET by id with the token against the same route without authentication
   * (bench/raw/app.ts, ANONYMOUS_PREFIX), interleaved like the main rounds. The authenticated side
   * is warm from the route's rounds; the anonymous one gets the same warm-up first.
   */
  async measureAuthOverhead(route: RouteScenario): Promise<AuthRoundPair[]> {
    const { warmupSeconds, durationSeconds, rounds } = this.options;
    const { authenticated, anonymous } = authOverheadRequests(this.fixtures);
    const requests = { authenticated: this.withCredentials(authenticated), anonymous };
    if (warmupSeconds > 0) await this.measureRequest('raw', anonymous, route, warmupSeconds);
    const pairs: AuthRoundPair[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? AUTH_MODES : [...AUTH_MODES].reverse();
      const pair: Partial<Record<AuthMode, RunMeasurement>> = {};
      for (const mode of order) pair[mode] = await this.measureRequest('raw', requests[mode], route, durationSeconds);
      pairs.push(pair as AuthRoundPair);
      log(
        `auth overhead round ${round + 1}/${rounds}: raw CPU µs/req without token ${pair.anonymous?.cpuMicrosPerRequest.toFixed(0)}, with ${pair.authenticated?.cpuMicrosPerRequest.toFixed(0)}`,
      );
    }
    return pairs;
  }

  private measure(route: RouteScenario, kind: ServerKind, seconds: number): Promise<RunMeasurement> {
    return this.measureRequest(kind, this.requestOf(route), route, seconds);
  }

  private async measureRequest(
    kind: ServerKind,
    request: LoadRequest,
    route: Pick<RouteScenario, 'mutates' | 'expectedStatus'>,
    seconds: number,
  ): Promise<RunMeasurement> {
    const server = this.servers[kind];
    if (route.mutates) await this.fixtures.reset(this.admin);
    const cpuBefore = await readCpuMicros(server.pid);
    const load = await this.loader.run({
      baseUrl: server.baseUrl,
      request,
      expectedStatus: route.expectedStatus,
      connections: this.options.connections,
      durationSeconds: seconds,
      runTag: `${kind}${(this.runCounter += 1)}`,
    });
    const cpuAfter = await readCpuMicros(server.pid);
    if (route.mutates) await this.fixtures.reset(this.admin);
    this.served[kind] += Object.values(load.statusCounts).reduce((sum, count) => sum + count, 0);
    return { load, cpuMicrosPerRequest: (cpuAfter - cpuBefore) / load.expectedResponses };
  }
}

function describePair(pair: RoundPair): string {
  return SERVER_KINDS.map(
    (kind) =>
      `${kind} ${pair[kind].load.requestsPerSecond.toFixed(0)} req/s, ${pair[kind].cpuMicrosPerRequest.toFixed(0)} µs CPU/req`,
  ).join('; ');
}

interface Ports {
  readonly main: Readonly<Record<ServerKind, number>>;
  readonly cold: Readonly<Record<ServerKind, number>>;
}

async function allocatePorts(base: number | undefined): Promise<Ports> {
  if (base !== undefined) {
    return { main: { raw: base, reference: base + 1 }, cold: { raw: base + 2, reference: base + 3 } };
  }
  return {
    main: { raw: await findFreePort(), reference: await findFreePort() },
    cold: { raw: await findFreePort(), reference: await findFreePort() },
  };
}

/** Separate processes started and stopped one at a time, alternating, before any load runs. */
async function measureColdStarts(
  specs: Readonly<Record<ServerKind, ServerSpec>>,
  ports: Readonly<Record<ServerKind, number>>,
  workDir: string,
  samples: number,
): Promise<Record<ServerKind, number[]>> {
  const startups: Record<ServerKind, number[]> = { raw: [], reference: [] };
  for (let sample = 0; sample < samples; sample += 1) {
    const order = sample % 2 === 0 ? SERVER_KINDS : [...SERVER_KINDS].reverse();
    for (const kind of order) {
      const server = await startServer(specs[kind], ports[kind], join(workDir, `${kind}-cold-start.log`));
      startups[kind].push(server.startupMs);
      await server.stop();
    }
  }
  log(
    `cold starts: raw ${startups.raw.map(Math.round).join(', ')} ms; reference ${startups.reference.map(Math.round).join(', ')} ms`,
  );
  return startups;
}

/** The report names the allocator from LD_PRELOAD; a library ld.so did not load would make it wrong. */
async function expectPreloaded(servers: Servers, libraries: readonly string[]): Promise<void> {
  for (const kind of SERVER_KINDS) {
    const missing = await readMissingLibraries(servers[kind].pid, libraries);
    if (missing.length > 0) throw new Error(`the ${kind} server did not load ${missing.join(', ')} (LD_PRELOAD)`);
  }
}

async function startBoth(
  specs: Readonly<Record<ServerKind, ServerSpec>>,
  ports: Readonly<Record<ServerKind, number>>,
  workDir: string,
  cleanup: Cleanup,
): Promise<Servers> {
  const raw = await startServer(specs.raw, ports.raw, join(workDir, 'raw.log'));
  cleanup.add(() => raw.stop());
  const reference = await startServer(specs.reference, ports.reference, join(workDir, 'reference.log'));
  cleanup.add(() => reference.stop());
  log(`servers up: raw pid ${raw.pid} on ${raw.baseUrl}, reference pid ${reference.pid} on ${reference.baseUrl}`);
  return { raw, reference };
}

async function rssOf(servers: Servers): Promise<Record<ServerKind, number>> {
  return { raw: await readRssBytes(servers.raw.pid), reference: await readRssBytes(servers.reference.pid) };
}

async function logLinesOf(servers: Servers): Promise<Record<ServerKind, number>> {
  return { raw: await countLines(servers.raw.logFile), reference: await countLines(servers.reference.logFile) };
}

function describeDatabase(database: BenchDatabase): string {
  return database.origin === 'embedded'
    ? 'embedded PostgreSQL 18 (fsync off), same machine'
    : 'scratch database on the DATABASE_URL server';
}

function currentCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim().length > 0;
    return dirty ? `${commit}+uncommitted` : commit;
  } catch {
    return 'unknown';
  }
}

async function writeReport(report: BenchReport, options: BenchOptions): Promise<string[]> {
  await mkdir(options.outDir, { recursive: true });
  const stamp = report.generatedAt.replaceAll(':', '-');
  const markdown = `${renderMarkdown(report)}\n`;
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const stems = options.updateLatest ? [stamp, 'latest'] : [stamp];
  const written: string[] = [];
  for (const stem of stems) {
    for (const [extension, content] of [
      ['md', markdown],
      ['json', json],
    ] as const) {
      const file = join(options.outDir, `${stem}.${extension}`);
      await writeFile(file, content);
      written.push(file);
    }
  }
  return written;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof UsageError ? `${error.message}\n\n${USAGE}` : String((error as Error).stack ?? error)}\n`,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
