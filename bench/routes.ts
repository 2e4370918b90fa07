import { ANONYMOUS_PREFIX } from './raw/app';
import type { AuthMode } from './report';

/** One request shape the load generator replays; `{{seq}}` in the body becomes a unique number. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  /** Paths cycled through request by request, so GETs spread over several rows. */
  readonly paths: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly bodyTemplate?: string;
}

export const SEQUENCE_PLACEHOLDER = '{{seq}}';

export interface Fixtures {
  /** Ids of the seeded articles, identical after every table reset. */
  readonly articleIds: readonly string[];
  /** Ids of the seeded topics; every seeded article is linked to two of them. */
  readonly topicIds: readonly string[];
  /** The seeded articles that have comments (the first ones of `articleIds`), each as many. */
  readonly commentedArticleIds: readonly string[];
}

/**
 * Tables a route reads or writes, each standing for a module of the reference app:
 * `topics` covers both `topics` and the join table `article_topics`.
 */
export const BENCH_TABLES = ['articles', 'comments', 'topics'] as const;
export type BenchTable = (typeof BENCH_TABLES)[number];

/** Upper bounds (or, for req/s, lower bounds) on reference ÷ raw from issue 14. */
export interface RatioTargets {
  readonly requestsPerSecond?: number;
  readonly p99?: number;
  readonly cpuPerRequest?: number;
}

export interface RouteScenario {
  readonly name: RouteName;
  /** What a reader sees in the table, e.g. `GET /v1/articles/:id`. */
  readonly label: string;
  readonly expectedStatus: number;
  /** Writes rows: the table is reset before and after every run so both servers see the same data. */
  readonly mutates: boolean;
  /**
   * Tables the route needs; it is skipped with a note while the reference app lacks one of their
   * modules. Article reads and writes need `topics` too: their responses carry `topicIds`.
   */
  readonly needs: readonly BenchTable[];
  readonly targets: RatioTargets;
  load(fixtures: Fixtures): LoadRequest;
}

export const ROUTE_NAMES = [
  'health-live',
  'article-by-id',
  'articles-list',
  'article-create',
  'comments-list-include',
  'article-create-topics',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Enough distinct ids that rows come from different pages, few enough to stay in PostgreSQL's cache. */
const IDS_PER_RUN = 100;

/** Topics linked by each `article-create-topics` request: one BEGIN, two INSERTs, one COMMIT. */
export const TOPICS_PER_CREATE = 3;

export const ROUTES: readonly RouteScenario[] = [
  {
    name: 'health-live',
    label: 'GET /health/live',
    expectedStatus: 200,
    mutates: false,
    needs: [],
    targets: {},
    load: () => ({ method: 'GET', paths: ['/health/live'] }),
  },
  {
    name: 'article-by-id',
    label: 'GET /v1/articles/:id',
    expectedStatus: 200,
    mutates: false,
    needs: ['articles', 'topics'],
    targets: { requestsPerSecond: 0.7, p99: 1.6, cpuPerRequest: 1.7 },
    load: ({ articleIds }) => ({
      method: 'GET',
      paths: articleIds.slice(0, IDS_PER_RUN).map((id) => `/v1/articles/${id}`),
    }),
  },
  {
    name: 'articles-list',
    label: 'GET /v1/articles?limit=20',
    expectedStatus: 200,
    mutates: false,
    needs: ['articles', 'topics'],
    targets: { requestsPerSecond: 0.6, p99: 1.6 },
    load: () => ({ method: 'GET', paths: ['/v1/articles?limit=20'] }),
  },
  {
    name: 'article-create',
    label: 'POST /v1/articles',
    expectedStatus: 201,
    mutates: true,
    needs: ['articles', 'topics'],
    targets: { requestsPerSecond: 0.65, p99: 1.6, cpuPerRequest: 2.0 },
    load: () => ({
      method: 'POST',
      paths: ['/v1/articles'],
      headers: { 'content-type': 'application/json' },
      bodyTemplate: JSON.stringify(createArticleBody(`bench-${SEQUENCE_PLACEHOLDER}`)),
    }),
  },
  {
    name: 'comments-list-include',
    label: 'GET /v1/comments?articleId=…&include=article&limit=20',
    expectedStatus: 200,
    mutates: false,
    needs: ['articles', 'comments'],
    targets: { requestsPerSecond: 0.6 },
    load: ({ commentedArticleIds }) => ({
      method: 'GET',
      paths: commentedArticleIds.map((id) => `/v1/comments?articleId=${id}&include=article&limit=20`),
    }),
  },
  {
    name: 'article-create-topics',
    label: 'POST /v1/articles with 3 topicIds',
    expectedStatus: 201,
    mutates: true,
    needs: ['articles', 'topics'],
    targets: { requestsPerSecond: 0.6 },
    load: ({ topicIds }) => ({
      method: 'POST',
      paths: ['/v1/articles'],
      headers: { 'content-type': 'application/json' },
      bodyTemplate: JSON.stringify({
        ...createArticleBody(`bench-topics-${SEQUENCE_PLACEHOLDER}`),
        topicIds: topicIds.slice(0, TOPICS_PER_CREATE),
      }),
    }),
  },
];

/**
 * The authentication overhead is measured on this route of the raw baseline: its requests as the
 * route sends them (the harness adds the token), and the same paths under ANONYMOUS_PREFIX, which
 * the raw server serves with the same handler but without authentication.
 */
export const AUTH_OVERHEAD_ROUTE: RouteName = 'article-by-id';

export function authOverheadRequests(fixtures: Fixtures): Readonly<Record<AuthMode, LoadRequest>> {
  const route = ROUTES.find((candidate) => candidate.name === AUTH_OVERHEAD_ROUTE);
  if (route === undefined) throw new Error(`no route ${AUTH_OVERHEAD_ROUTE}`);
  const authenticated = route.load(fixtures);
  return {
    authenticated,
    anonymous: { ...authenticated, paths: authenticated.paths.map((path) => `${ANONYMOUS_PREFIX}${path}`) },
  };
}

/** Which routes a schema can serve: the note of a skipped route names the first missing module. */
export function missingTable(route: RouteScenario, present: ReadonlySet<BenchTable>): BenchTable | undefined {
  return route.needs.find((table) => !present.has(table));
}

/** A valid create body of realistic size: every field set, a few paragraphs of text. */
export function createArticleBody(slug: string): Record<string, unknown> {
  return {
    slug,
    title: 'Measuring what a framework costs per request',
    body: 'Benchmarks compare like with like. '.repeat(40),
    tags: ['performance', 'fastify', 'nestjs'],
    status: 'published',
  };
}
