import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../src/migrate';
import { ARTICLES_WORKLOAD, keepAliveClient, logTime, type Outcome, send } from '../test/utils/keep-alive-clients';
import { RedisServer, redisServerAvailable } from '../test/utils/redis-server';
import { spawnApp, type SpawnedApp, spawnedAppAuthHeader } from '../test/utils/spawned-app';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { exitUnlessExampleModule } from './lib/example-module';
import { formatOverloadReport, percentiles, runOverload } from './overload/run';

/**
 * `npm run faults [-- --only=redis,shutdown,overload]`: reruns the fault scenarios of
 * docs/reliability.md against the app from source, loopback only, each on a throwaway database
 * (DATABASE_URL's server, or an embedded PostgreSQL), and prints one summary per scenario:
 *
 * - redis: Redis, the shared rate-limit storage, killed under traffic and restarted (S18);
 * - shutdown: SIGTERM under 50 keep-alive connections of GET+POST, with a readiness delay and without (S1);
 * - overload: 4× the measured capacity, open loop, for 10 s (S17, `npm run overload`).
 *
 * About a minute and a half in all; a watchdog ends it after WATCHDOG_MS whatever happens.
 */
const WATCHDOG_MS = 5 * 60_000;
const SCENARIOS = ['redis', 'shutdown', 'overload'] as const;
type Scenario = (typeof SCENARIOS)[number];

const RATE_LIMIT = 5;
const REQUESTS_WHILE_DOWN = 40;
const RECOVERY_TIMEOUT_MS = 15_000;
const CONNECTIONS = 50;
const WARM_UP_MS = 300;
const READINESS_DELAY_MS = 1_500;

/** Processes to stop however the run ends. */
const cleanups: (() => Promise<void>)[] = [];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

interface Databases {
  create(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Throwaway databases on DATABASE_URL's server, or on an embedded PostgreSQL started for the run. */
async function databases(): Promise<Databases> {
  let adminUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedPostgresHandle | undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'faults-pg-'));
  if (adminUrl === undefined || adminUrl === '') {
    embedded = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const admin = adminUrl;
  const created: string[] = [];
  const query = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    create: async (name) => {
      const database = `faults_${name}_${process.pid}`;
      await query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await query(`CREATE DATABASE "${database}"`);
      created.push(database);
      const url = new URL(admin);
      url.pathname = `/${database}`;
      process.env.DATABASE_URL = url.toString();
      await migrate({ write: () => undefined });
      return url.toString();
    },
    close: async () => {
      for (const database of created) await query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await embedded?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startApp(env: Readonly<Record<string, string>>): Promise<SpawnedApp> {
  const app = await spawnApp(env);
  cleanups.push(async () => {
    if (app.process.exitCode === null && app.process.signalCode === null) {
      app.process.kill('SIGKILL');
      await app.exited;
    }
  });
  return app;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

async function redisOutage(databaseUrl: string): Promise<string[]> {
  if (!redisServerAvailable()) return ['skipped: no redis-server binary (set REDIS_SERVER or install redis-server)'];
  const redis = await RedisServer.start();
  cleanups.push(() => redis.kill());
  const app = await startApp({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    THROTTLE_LIMIT: String(RATE_LIMIT),
    THROTTLE_TTL_MS: '60000',
    // Each phase is a fresh client (X-Forwarded-For) behind the loopback "proxy".
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'warn',
  });
  const credentials = await spawnedAppAuthHeader(databaseUrl);
  let clientNumber = 0;
  const timedRequests = async (count: number): Promise<{ status: number; ms: number }[]> => {
    clientNumber += 1;
    const from = `203.0.113.${clientNumber}`;
    const results: { status: number; ms: number }[] = [];
    for (let index = 0; index < count; index++) {
      const startedAt = performance.now();
      const response = await fetch(`http://127.0.0.1:${app.port}/v1/articles`, {
        headers: { ...credentials, 'x-forwarded-for': from },
      });
      await response.arrayBuffer();
      results.push({ status: response.status, ms: performance.now() - startedAt });
    }
    return results;
  };
  const statuses = (results: readonly { status: number }[]): string => countBy(results.map((r) => String(r.status)));

  const up = await timedRequests(RATE_LIMIT + 1);
  await redis.kill();
  const down = await timedRequests(REQUESTS_WHILE_DOWN);
  const downTimes = percentiles(down.map((result) => result.ms));
  await redis.restart();
  const restartedAt = Date.now();
  let recoveredMs: number | undefined;
  while (Date.now() - restartedAt < RECOVERY_TIMEOUT_MS) {
    if ((await timedRequests(RATE_LIMIT + 1)).at(-1)?.status === 429) {
      recoveredMs = Date.now() - restartedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const warnings = app
    .output()
    .split('\n')
    .filter((line) => line.includes('Rate limit storage (Redis)'));
  return [
    `Redis up, ${RATE_LIMIT + 1} requests from one client (limit ${RATE_LIMIT}): ${up.map((r) => r.status).join(' ')}`,
    `Redis killed, ${REQUESTS_WHILE_DOWN} requests: ${statuses(down)} (fail open); p50 ${ms(downTimes.p50)}, p99 ${ms(downTimes.p99)}, max ${ms(downTimes.max)}`,
    `Redis restarted: limits enforced again after ${recoveredMs === undefined ? `more than ${RECOVERY_TIMEOUT_MS} ms` : ms(recoveredMs)}`,
    `storage log lines: ${warnings.length} (${warnings.map((line) => (JSON.parse(line) as { circuit?: string }).circuit).join(', ')}); ioredis stack traces: ${app.output().includes('Unhandled error event') ? 'yes' : 'none'}`,
  ];
}

async function shutdownUnderKeepAlive(databaseUrl: string, readinessDelayMs: number): Promise<string[]> {
  const app = await startApp({
    DATABASE_URL: databaseUrl,
    SHUTDOWN_READINESS_DELAY_MS: String(readinessDelayMs),
    SHUTDOWN_TIMEOUT_MS: '10000',
    THROTTLE_LIMIT: '1000000',
    LOG_LEVEL: 'info',
  });
  const credentials = await spawnedAppAuthHeader(databaseUrl);
  const before = await countArticles(databaseUrl);
  const clients = Array.from({ length: CONNECTIONS }, () => keepAliveClient(app.port, credentials, ARTICLES_WORKLOAD));
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const signalledAt = Date.now();
  app.process.kill('SIGTERM');
  const readiness =
    readinessDelayMs > 0 ? await send(app.port, new Agent({ keepAlive: false }), 'GET', '/health/ready') : undefined;
  const outcomes: Outcome[] = (await Promise.all(clients)).flat();
  const { code } = await app.exited;
  const exitedAfterMs = Date.now() - signalledAt;
  const listenerClosedAt = logTime(app.output(), 'SIGTERM received') + readinessDelayMs;
  const errors = outcomes.filter((outcome) => outcome.error !== undefined);
  const beforeClose = errors.filter((outcome) => outcome.sentAt <= listenerClosedAt);
  const answered = outcomes.filter((outcome) => outcome.status !== undefined);
  const problem503s = answered.filter(
    (outcome) =>
      outcome.status === 503 &&
      (outcome.headers?.['content-type'] ?? '').startsWith('application/problem+json') &&
      Number(outcome.headers?.['retry-after']) > 0,
  );
  const created = answered.filter((outcome) => outcome.status === 201).length;
  const stored = (await countArticles(databaseUrl)) - before;
  return [
    `SHUTDOWN_READINESS_DELAY_MS=${readinessDelayMs}: ${CONNECTIONS} keep-alive clients, ${outcomes.length} requests, statuses ${countBy(answered.map((o) => String(o.status)))}`,
    `  errors ${errors.length} (${countBy(errors.map((o) => o.error ?? ''))}), of them sent before the listener closed: ${beforeClose.length}`,
    `  503s: ${answered.filter((o) => o.status === 503).length}, problem+json with Retry-After: ${problem503s.length}; readiness after SIGTERM: ${readiness?.status ?? 'not asked'}`,
    `  articles stored ${stored} = 201 answers ${created}: ${stored === created ? 'no write lost or repeated' : 'MISMATCH'}; exit code ${code}, ${ms(exitedAfterMs)} after SIGTERM`,
  ];
}

async function countArticles(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM articles');
    return Number(rows[0]?.count);
  } finally {
    await client.end();
  }
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value}×${count}`).join(', ') || 'none';
}

function selectedScenarios(argv: readonly string[]): Scenario[] {
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (only === undefined) return [...SCENARIOS];
  const names = only.split(',');
  const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  return names as Scenario[];
}

async function main(): Promise<void> {
  exitUnlessExampleModule('npm run faults', 'scripts/overload/run.ts and test/utils/keep-alive-clients.ts');
  const scenarios = selectedScenarios(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    say(`faults: still running after ${WATCHDOG_MS / 1000} s; stopping`);
    void Promise.allSettled(cleanups.map((cleanup) => cleanup())).finally(() => process.exit(2));
  }, WATCHDOG_MS);
  watchdog.unref();
  const startedAt = Date.now();
  const store = await databases();
  try {
    say(`faults: node ${process.version}, loopback only, scenarios ${scenarios.join(', ')}`);
    if (scenarios.includes('redis')) {
      say('\n== Redis outage with a shared rate limit (S18)');
      for (const line of await redisOutage(await store.create('redis'))) say(line);
    }
    if (scenarios.includes('shutdown')) {
      say('\n== SIGTERM under 50 keep-alive connections (S1)');
      for (const delay of [READINESS_DELAY_MS, 0]) {
        for (const line of await shutdownUnderKeepAlive(await store.create(`shutdown_${delay}`), delay)) say(line);
      }
    }
    if (scenarios.includes('overload')) {
      say('\n== 4× capacity, open loop, 10 s (S17)');
      process.env.DATABASE_URL = await store.create('overload');
      const report = await runOverload(
        { durationSeconds: 10, multiple: 4, connections: 1_000, built: false, env: {} },
        (line) => {
          say(`  ${line}`);
        },
      );
      say(formatOverloadReport(report));
    }
    say(`\nfaults: done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await store.close();
    clearTimeout(watchdog);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
