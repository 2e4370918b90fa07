import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverAllocator } from '../../bench/allocator';
import { readShippedRuntime } from '../../bench/deployment';
import type { BenchReport } from '../../bench/report';
import { TEST_ADMIN_URL_VARIABLE } from '../utils/test-database';

const ROOT = join(__dirname, '..', '..');
const HARNESS_TIMEOUT_MS = 90_000;

interface Outcome {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real harness in its smallest form: both servers, every route once for half a second. */
function runQuickBench(outDir: string): Promise<Outcome> {
  const args = ['-r', '@swc-node/register', 'bench/run.ts', '--quick', '--no-build', '--duration', '0.5'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--seed-rows', '100', '--out', outDir], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env[TEST_ADMIN_URL_VARIABLE] },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      resolve({ exitCode, stdout, stderr });
    });
  });
}

describe('npm run bench -- --quick', () => {
  let outDir: string;
  let outcome: Outcome;
  let report: BenchReport;
  let markdown: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'bench-harness-'));
    outcome = await runQuickBench(outDir);
    const files = await readdir(outDir);
    const stem = files.find((file) => file.endsWith('.json'))?.replace(/\.json$/, '');
    if (outcome.exitCode !== 0 || stem === undefined) throw new Error(`bench failed:\n${outcome.stderr}`);
    report = JSON.parse(await readFile(join(outDir, `${stem}.json`), 'utf8')) as BenchReport;
    markdown = await readFile(join(outDir, `${stem}.md`), 'utf8');
  }, HARNESS_TIMEOUT_MS);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a timestamped markdown table and JSON, never latest.* for a quick run', async () => {
    const files = await readdir(outDir);
    expect(files).toHaveLength(2);
    expect(files.some((file) => file.startsWith('latest'))).toBe(false);
    expect(markdown).toContain('| Route | Metric | raw Fastify | reference | ratio (min–max) | target |');
    expect(outcome.stdout).toContain('# Benchmark: reference app vs raw Fastify + pg');
  });

  it('starts both servers and measures their cold start and memory', () => {
    expect(report.startup.coldStartMs.raw.median).toBeGreaterThan(0);
    expect(report.startup.coldStartMs.reference.median).toBeGreaterThan(0);
    expect(report.startup.rssAfterLoadMiB.raw).toBeGreaterThan(10);
    expect(report.startup.rssAfterLoadMiB.reference).toBeGreaterThan(10);
  });

  it("runs both servers as shipped: the Dockerfile's node flags, the Deployment's memory limit", async () => {
    const shipped = await readShippedRuntime(ROOT);

    expect(report.runtime.nodeFlags).toEqual(shipped.nodeFlags);
    expect(report.runtime.memoryLimitMiB).toBe((shipped.memoryLimitBytes ?? 0) / 2 ** 20);
    expect(markdown).toContain(`- Both servers: \`node ${shipped.nodeFlags.join(' ')}\``);
  });

  it("gives both servers the allocator the image preloads, with this machine's copy of it", async () => {
    const expected = serverAllocator((await readShippedRuntime(ROOT)).allocator);

    expect(report.runtime.allocator).toEqual(expected);
    expect(markdown).toContain(`(the Dockerfile's CMD), ${expected.description}, `);
  });

  it("runs both servers on the bench's own node by default and compares it with the image's", async () => {
    const shipped = await readShippedRuntime(ROOT);
    const sameMajor = process.version.startsWith(`v${shipped.node.major}.`);

    expect(report.runtime.node).toEqual({
      path: process.execPath,
      version: process.version,
      source: 'the node running the bench',
    });
    expect(report.runtime.nodeMatchesImage).toBe(sameMajor);
    expect(markdown).toContain(
      `- Servers' Node: ${process.version}${sameMajor ? ' (the image' : ' — **the image runs'}`,
    );
  });

  it('measures every route on both servers within one round', () => {
    expect(report.routes.map((route) => route.skipped)).toEqual(report.routes.map(() => undefined));
    expect(report.startup.readinessRoute).toEqual({ raw: true, reference: true });
    for (const route of report.routes) {
      expect(route.rounds).toHaveLength(1);
      expect(route.medians?.raw.requestsPerSecond).toBeGreaterThan(0);
      expect(route.medians?.reference.requestsPerSecond).toBeGreaterThan(0);
      expect(route.ratios?.cpuMicrosPerRequest.median).toBeGreaterThan(0);
    }
    expect(report.routes.map((route) => route.name)).toEqual([
      'health-live',
      'article-by-id',
      'articles-list',
      'article-create',
      'comments-list-include',
      'article-create-topics',
    ]);
  });

  it('measures the authentication overhead on the raw baseline, with and without a token', () => {
    expect(report.authOverhead.skipped).toBeUndefined();
    expect(report.authOverhead.rounds).toHaveLength(1);
    expect(report.authOverhead.medians?.anonymous.requestsPerSecond).toBeGreaterThan(0);
    expect(report.authOverhead.medians?.authenticated.requestsPerSecond).toBeGreaterThan(0);
    expect(markdown).toContain('## Authentication overhead (raw baseline, GET /v1/articles/:id');
  });
});
