import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/migrate';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '../embedded-postgres';
import { type LoadTestAuth, loadTestAuth } from '../lib/load-test-auth';
import { withAdminClient } from '../lib/postgres-admin';
import type { LoadJob, LoadOutcome } from './load';

const ROOT = join(__dirname, '..', '..');

export interface OverloadOptions {
  /** Length of the overload phase; the capacity measurement takes a quarter of it (at least 2 s). */
  readonly durationSeconds: number;
  /** Offered rate as a multiple of the measured capacity. */
  readonly multiple: number;
  /** Run `dist/main.js` (after `npm run build`) instead of the source through the TypeScript loader. */
  readonly built: boolean;
  /** Extra environment for the app, e.g. OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=0 to see it without shedding. */
  readonly env: Readonly<Record<string, string>>;
  /** Open connections of the open-loop phase: arrivals only wait for a free one past this many in flight. */
  readonly connections: number;
}

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface OverloadReport {
  readonly capacityPerSecond: number;
  readonly offeredPerSecond: number;
  readonly durationSeconds: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly accepted: Percentiles;
  readonly refused: Percentiles;
  readonly liveness: Percentiles & { readonly failures: number };
  readonly rssMiB: {
    readonly idle: number;
    readonly afterCapacity: number;
    readonly peak: number;
    readonly settled: number;
  };
  readonly shed: string;
}

/** The route driven: a list query through the whole stack (validation, ORM, pool, database). */
const ROUTE = '/v1/articles?limit=20';
const SEED_ARTICLES = 20;
const LIVENESS_PERIOD_MS = 200;
const LIVENESS_TIMEOUT_MS = 5_000;
const SETTLE_MS = 5_000;
const REQUEST_TIMEOUT_SECONDS = 10;
const CAPACITY_CONNECTIONS = 16;

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Overload run (RELIABILITY S17), loopback only and bounded in time: starts a throwaway embedded
 * PostgreSQL (or uses DATABASE_URL), the app, measures its closed-loop capacity on one route, then
 * offers `multiple` times that rate open-loop for `durationSeconds` while probing liveness and
 * sampling the app's RSS; then waits a few seconds and samples RSS again.
 */
export async function runOverload(options: OverloadOptions, log: (line: string) => void): Promise<OverloadReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'overload-pg-'));
  let postgres: EmbeddedPostgresHandle | undefined;
  let app: ChildProcess | undefined;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres({ dataDir, persistent: false });
      databaseUrl = await createDatabase(postgres.adminUrl, `overload_${process.pid}`);
    }
    process.env.DATABASE_URL = databaseUrl;
    await migrate({ write: () => undefined });
    const auth = await withAdminClient(databaseUrl, loadTestAuth);
    const port = await freePort();
    app = startApp(options, databaseUrl, port, auth);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilLive(base, app);
    await seed(base, auth);
    const pid = app.pid ?? 0;
    const idleRss = rssMiB(pid);

    const capacitySeconds = Math.max(2, Math.round(options.durationSeconds / 4));
    log(`measuring capacity: ${CAPACITY_CONNECTIONS} connections, ${capacitySeconds} s`);
    const capacityRun = await runLoad({
      url: base + ROUTE,
      connections: CAPACITY_CONNECTIONS,
      durationSeconds: capacitySeconds,
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      headers: auth.headers,
    });
    const capacity = (capacityRun.latenciesByStatus['200']?.length ?? 0) / capacityRun.durationSeconds;
    const afterCapacityRss = rssMiB(pid);
    await sleep(1_000);

    const offered = Math.max(1, Math.round(capacity * options.multiple));
    log(`offering ${offered} req/s (${options.multiple}x ${Math.round(capacity)}) for ${options.durationSeconds} s`);
    let peakRss = afterCapacityRss;
    const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(pid))), 250);
    const liveness = probeLiveness(base);
    const overload = await runLoad({
      url: base + ROUTE,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      overallRate: offered,
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      headers: auth.headers,
    });
    const livenessTimes = await liveness.stop();
    clearInterval(rssSampler);
    await sleep(SETTLE_MS);
    const metrics = await (await fetch(`${base}/metrics`)).text();

    const byStatus = overload.latenciesByStatus;
    const accepted = Object.entries(byStatus).filter(([status]) => /^2\d\d$/.test(status));
    const refused = Object.entries(byStatus).filter(([status]) => status === '503');
    return {
      capacityPerSecond: Math.round(capacity),
      offeredPerSecond: offered,
      durationSeconds: overload.durationSeconds,
      statusCounts: Object.fromEntries(Object.entries(byStatus).map(([status, times]) => [status, times.length])),
      accepted: percentiles(accepted.flatMap(([, times]) => times)),
      refused: percentiles(refused.flatMap(([, times]) => times)),
      liveness: {
        ...percentiles(livenessTimes.filter((ms) => ms >= 0)),
        failures: livenessTimes.filter((ms) => ms < 0).length,
      },
      rssMiB: { idle: idleRss, afterCapacity: afterCapacityRss, peak: peakRss, settled: rssMiB(pid) },
      shed: metrics
        .split('\n')
        .filter((line) => /^(http_requests_shed_total|overload_under_pressure)/.test(line))
        .join('; '),
    };
  } finally {
    if (app) await stopApp(app);
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** SIGTERM, as an orchestrator would; SIGKILL if the drain has not ended within 10 s. */
async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    app.once('exit', () => {
      resolve(true);
    });
  });
  app.kill('SIGTERM');
  if (!(await Promise.race([exited, sleep(10_000).then(() => false)]))) app.kill('SIGKILL');
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function startApp(options: OverloadOptions, databaseUrl: string, port: number, auth: LoadTestAuth): ChildProcess {
  const args = options.built
    ? ['--max-semi-space-size=8', '--no-allocation-site-pretenuring', 'dist/main.js']
    : ['-r', '@swc-node/register', 'src/main.ts'];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      // The load comes from one address: without this, the rate limit would answer it instead.
      THROTTLE_LIMIT: '1000000',
      THROTTLE_TTL_MS: '1000',
      ...auth.env,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitUntilLive(base: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode} during startup`);
    if (
      await fetch(`${base}/health/live`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return;
    await sleep(200);
  }
  throw new Error('the app did not start within 60 s');
}

async function seed(base: string, auth: LoadTestAuth): Promise<void> {
  for (let index = 0; index < SEED_ARTICLES; index++) {
    const response = await fetch(`${base}/v1/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth.headers },
      body: JSON.stringify({
        slug: `overload-${index}`,
        title: `Article ${index}`,
        body: 'x'.repeat(500),
        tags: ['a'],
      }),
    });
    if (response.status !== 201) throw new Error(`seeding answered ${response.status}: ${await response.text()}`);
  }
}

function runLoad(job: LoadJob): Promise<LoadOutcome> {
  const child = fork(join(__dirname, 'load.ts'), [], {
    cwd: ROOT,
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (outcome: LoadOutcome) => {
      resolve(outcome);
    });
    child.once('exit', (code) => {
      reject(new Error(`the load generator exited with ${String(code)} before reporting`));
    });
    child.send(job);
  });
}

/** Liveness latency every LIVENESS_PERIOD_MS on a fresh connection, as a probe opens one; -1 for a failure. */
function probeLiveness(base: string): { stop(): Promise<number[]> } {
  const times: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const startedAt = performance.now();
    const probe = fetch(`${base}/health/live`, {
      signal: AbortSignal.timeout(LIVENESS_TIMEOUT_MS),
      headers: { connection: 'close' },
    }).then(
      async (response) => {
        await response.arrayBuffer();
        times.push(response.ok ? performance.now() - startedAt : -1);
      },
      () => {
        times.push(-1);
      },
    );
    inFlight.add(probe);
    void probe.finally(() => inFlight.delete(probe));
  }, LIVENESS_PERIOD_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
      return times;
    },
  };
}

function rssMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Math.round(Number(match[1]) / 1024);
  } catch {
    return 0;
  }
}

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The report as `npm run overload` and `npm run faults` print it. */
export function formatOverloadReport(report: OverloadReport): string {
  const ms = (value: number): string => `${Math.round(value)} ms`;
  return [
    `capacity ${report.capacityPerSecond} req/s; offered ${report.offeredPerSecond} req/s for ${report.durationSeconds} s`,
    `status counts ${JSON.stringify(report.statusCounts)}`,
    `accepted (2xx) ${report.accepted.count}: p50 ${ms(report.accepted.p50)}, p99 ${ms(report.accepted.p99)}, max ${ms(report.accepted.max)}`,
    `refused (503) ${report.refused.count}: p50 ${ms(report.refused.p50)}, p99 ${ms(report.refused.p99)}`,
    `liveness ${report.liveness.count} probes: p50 ${ms(report.liveness.p50)}, p99 ${ms(report.liveness.p99)}, max ${ms(report.liveness.max)}, failed ${report.liveness.failures}`,
    `RSS MiB: idle ${report.rssMiB.idle}, after capacity run ${report.rssMiB.afterCapacity}, peak ${report.rssMiB.peak}, 5 s after ${report.rssMiB.settled}`,
    `metrics: ${report.shed || '(none)'}`,
  ].join('\n');
}
