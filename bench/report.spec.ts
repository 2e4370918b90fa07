import type { LoadResult } from './load-protocol';
import {
  type AuthOverheadReport,
  type AuthRoundPair,
  type BenchReport,
  renderMarkdown,
  type RoundPair,
  type RouteReport,
  summariseAuthOverhead,
  summariseRoute,
} from './report';
import type { ServerRuntime } from './runtime';

function measurement(
  requestsPerSecond: number,
  p99Ms: number,
  cpuMicrosPerRequest: number,
  unexpected = 0,
): RoundPair['raw'] {
  const load: LoadResult = {
    requestsPerSecond,
    expectedResponses: requestsPerSecond * 5,
    unexpectedResponses: unexpected,
    statusCounts: { '200': requestsPerSecond * 5 },
    errors: 0,
    p50Ms: p99Ms / 4,
    p99Ms,
    durationSeconds: 5,
  };
  return { load, cpuMicrosPerRequest };
}

const BY_ID = {
  name: 'article-by-id',
  label: 'GET /v1/articles/:id',
  targets: { requestsPerSecond: 0.75, p99: 1.6, cpuPerRequest: 1.6 },
} as const;

/** Round 2 ran on a slower machine moment: absolute numbers drop, the ratio does not. */
const ROUNDS: RoundPair[] = [
  { raw: measurement(4000, 8, 200), reference: measurement(3200, 10, 300) },
  { raw: measurement(2000, 16, 400), reference: measurement(1600, 20, 600) },
  { raw: measurement(3000, 10, 250), reference: measurement(2100, 16, 450, 3) },
];

describe(summariseRoute.name, () => {
  const summary = summariseRoute(BY_ID, ROUNDS);

  it('computes ratios within each round, so machine drift between rounds cancels', () => {
    expect(summary.ratios?.requestsPerSecond).toEqual({ median: 0.8, min: 0.7, max: 0.8 });
    expect(summary.ratios?.cpuMicrosPerRequest).toEqual({ median: 1.5, min: 1.5, max: 1.8 });
    expect(summary.ratios?.p99Ms.median).toBe(1.25);
  });

  it('reports each server’s median over rounds', () => {
    expect(summary.medians?.raw).toEqual({ requestsPerSecond: 3000, p50Ms: 2.5, p99Ms: 10, cpuMicrosPerRequest: 250 });
    expect(summary.medians?.reference.requestsPerSecond).toBe(2100);
  });

  it('adds up unexpected responses per server', () => {
    expect(summary.unexpectedResponses).toEqual({ raw: 0, reference: 3 });
  });
});

/** The raw server's GET by id without and with a token; round 2 again on a slower moment. */
const AUTH_ROUNDS: AuthRoundPair[] = [
  { anonymous: measurement(5000, 4, 100), authenticated: measurement(4000, 5, 130) },
  { anonymous: measurement(2500, 8, 200), authenticated: measurement(2000, 10, 250) },
  { anonymous: measurement(4000, 5, 120), authenticated: measurement(3400, 6, 150) },
];

describe(summariseAuthOverhead.name, () => {
  const summary = summariseAuthOverhead('GET /v1/articles/:id', AUTH_ROUNDS);

  it('computes authenticated ÷ anonymous within each round', () => {
    expect(summary.ratios?.requestsPerSecond).toEqual({ median: 0.8, min: 0.8, max: 0.85 });
    expect(summary.ratios?.cpuMicrosPerRequest).toEqual({ median: 1.25, min: 1.25, max: 1.3 });
  });

  it('reports the CPU authentication adds per request, round by round', () => {
    expect(summary.addedCpuMicrosPerRequest).toEqual({ median: 30, min: 30, max: 50 });
  });

  it('reports each mode’s median over rounds', () => {
    expect(summary.medians?.anonymous.requestsPerSecond).toBe(4000);
    expect(summary.medians?.authenticated.cpuMicrosPerRequest).toBe(150);
  });
});

function reportWith(
  routes: RouteReport[],
  overrides: Partial<BenchReport['settings']> = {},
  runtime: Partial<ServerRuntime> = {},
  authOverhead: AuthOverheadReport = summariseAuthOverhead('GET /v1/articles/:id', AUTH_ROUNDS),
): BenchReport {
  return {
    generatedAt: '2026-11-23T15:00:00.000Z',
    commit: 'abc1234',
    machine: {
      cpuModel: 'Test CPU',
      cpuCount: 2,
      memoryGiB: 8,
      os: 'Linux 6',
      node: 'v22.12.0',
      loadAverageBefore: [1, 1, 1],
      loadAverageAfter: [2, 1.5, 1],
    },
    settings: {
      rounds: 3,
      durationSeconds: 5,
      warmupSeconds: 2,
      connections: 10,
      poolSize: 10,
      seedRows: 1000,
      coldStarts: 3,
      referenceMode: 'dist',
      database: 'embedded',
      quick: false,
      ...overrides,
    },
    runtime: {
      node: { path: '/opt/node24/bin/node', version: 'v24.21.0', source: '--node' },
      imageNode: { image: 'node:24-bookworm-slim', major: 24 },
      nodeMatchesImage: true,
      nodeFlags: ['--max-semi-space-size=16'],
      nodeFlagsSource: "the Dockerfile's CMD",
      allocator: {
        env: { LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' },
        description: 'jemalloc (preloaded as in the image: /usr/lib/x86_64-linux-gnu/libjemalloc.so.2)',
        matchesImage: true,
      },
      memoryLimitMiB: 384,
      memoryLimitSource: 'limits.memory of deploy/k8s/deployment.yaml',
      memoryLimitEnforcement: 'cgroup v1 memory.limit_in_bytes',
      memoryLimitEnforced: true,
      ...runtime,
    },
    routes,
    authOverhead,
    startup: {
      coldStartMs: { raw: { median: 400, min: 380, max: 450 }, reference: { median: 1600, min: 1500, max: 1700 } },
      coldStartRatio: 4,
      readinessRoute: { raw: true, reference: true },
      rssAfterStartMiB: { raw: 60, reference: 120 },
      rssAfterLoadMiB: { raw: 80, reference: 150 },
      rssAfterRoundsMiB: { raw: [78, 80], reference: [140, 150] },
      logLinesPerRequest: { raw: 1, reference: 1.01 },
    },
    npmTest: { status: 'measured', seconds: 42.25, detail: 'all tests passed' },
    moduleGeneration: { status: 'skipped', reason: 'no generators yet' },
  };
}

describe(renderMarkdown.name, () => {
  const skipped: RouteReport = {
    name: 'article-create',
    label: 'POST /v1/articles',
    skipped: 'no articles table',
    rounds: [],
    unexpectedResponses: { raw: 0, reference: 0 },
    targets: {},
  };
  const markdown = renderMarkdown(reportWith([summariseRoute(BY_ID, ROUNDS), skipped]));

  it('prints one row per metric with both medians, the ratio range and the target verdict', () => {
    expect(markdown).toContain('| GET /v1/articles/:id | req/s | 3000 | 2100 | 0.80× (0.70–0.80) | ≥ 0.75× met |');
    expect(markdown).toContain(
      '| GET /v1/articles/:id | server CPU per request (µs) | 250 | 450 | 1.50× (1.50–1.80) | ≤ 1.6× met |',
    );
    expect(markdown).toContain(
      '| GET /v1/articles/:id | p99 latency (ms) | 10.00 | 16.00 | 1.25× (1.25–1.60) | ≤ 1.6× met |',
    );
  });

  it('marks a missed absolute target', () => {
    expect(markdown).toContain('| 400 ms (380–450) | 1600 ms (1500–1700) | 4.00× | ≤ 1000 ms **missed** |');
    expect(markdown).toContain('| RSS after load (MiB) | 80 | 150 | 1.88× | ≤ 160 MiB met |');
    expect(markdown).toContain('| RSS after each round (MiB) | 78, 80 | 140, 150 | | |');
  });

  it('explains skipped routes, unexpected responses and extras', () => {
    expect(markdown).toContain('- Skipped POST /v1/articles: no articles table');
    expect(markdown).toContain('raw 0, reference 3 (excluded from req/s and latency)');
    expect(markdown).toContain('- `npm test` wall time: 42.3 s (all tests passed)');
    expect(markdown).toContain('- one `module` generation: not measured — no generators yet');
  });

  it('says which node flags, allocator and memory limit both servers ran with, and where they came from', () => {
    expect(markdown).toContain(
      "- Both servers: `node --max-semi-space-size=16` (the Dockerfile's CMD), jemalloc (preloaded as in the image: /usr/lib/x86_64-linux-gnu/libjemalloc.so.2), a 384 MiB memory limit each (limits.memory of deploy/k8s/deployment.yaml; cgroup v1 memory.limit_in_bytes)",
    );
  });

  it("says so when the servers could not run on the image's allocator", () => {
    const allocator = {
      env: {},
      description:
        '**glibc malloc**: the image preloads libjemalloc.so.2, not found here - apt-get install libjemalloc2',
      matchesImage: false,
    };

    expect(renderMarkdown(reportWith([], {}, { allocator }))).toContain(
      "(the Dockerfile's CMD), **glibc malloc**: the image preloads libjemalloc.so.2, not found here - apt-get install libjemalloc2, a 384 MiB memory limit",
    );
  });

  it("says which Node the servers ran on and that it is the image's", () => {
    expect(markdown).toContain("- Servers' Node: v24.21.0 (the image's node:24), `/opt/node24/bin/node` (--node)");
    expect(markdown).toContain('harness and load generator on Node v22.12.0');
  });

  it('tells how to match the image when the servers ran another Node major', () => {
    const node = { path: '/usr/bin/node', version: 'v22.12.0', source: 'the node running the bench' };

    expect(renderMarkdown(reportWith([], {}, { node, nodeMatchesImage: false }))).toContain(
      "- Servers' Node: v22.12.0 — **the image runs node:24**, pass --node with a Node 24 binary to match; `/usr/bin/node` (the node running the bench)",
    );
  });

  it('says so when the image names no Node major to compare with', () => {
    const imageNode = { image: 'node:lts-slim', major: undefined };

    expect(renderMarkdown(reportWith([], {}, { imageNode, nodeMatchesImage: false }))).toContain(
      "- Servers' Node: v24.21.0 (the runtime image node:lts-slim names no Node major to compare with), `/opt/node24/bin/node` (--node)",
    );
  });

  it('lists every round with both servers’ values', () => {
    expect(markdown).toContain('| GET /v1/articles/:id | 2 | 2000 / 1600 | 4.00 / 5.00 | 16.00 / 20.00 | 400 / 600 |');
  });

  it('prints the authentication overhead: both modes, the ratio range and the CPU added', () => {
    expect(markdown).toContain(
      '## Authentication overhead (raw baseline, GET /v1/articles/:id: with a token ÷ without, per round)',
    );
    expect(markdown).toContain('| req/s | 4000 | 3400 | 0.80× (0.80–0.85) |');
    expect(markdown).toContain('Server CPU added per request by authentication: 30 µs (30–50).');
  });

  it('says why the authentication overhead was not measured', () => {
    const skipped = {
      label: 'GET /v1/articles/:id',
      skipped: 'article-by-id is not among the measured routes',
      rounds: [],
    };

    expect(renderMarkdown(reportWith([], {}, {}, skipped))).toContain(
      'Not measured: article-by-id is not among the measured routes.',
    );
  });

  it('flags a quick run as not meaningful', () => {
    expect(renderMarkdown(reportWith([], { quick: true }))).toContain('quick run, numbers are not meaningful');
    expect(markdown).not.toContain('quick run');
  });
});
