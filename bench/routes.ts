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
}

/** Upper bounds (or, for req/s, lower bounds) on reference ÷ raw from issue 5. */
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
  /** Needs the articles table; skipped with a note while the reference app has no articles module. */
  readonly needsArticles: boolean;
  readonly targets: RatioTargets;
  load(fixtures: Fixtures): LoadRequest;
}

export const ROUTE_NAMES = ['health-live', 'article-by-id', 'articles-list', 'article-create'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Enough distinct ids that rows come from different pages, few enough to stay in PostgreSQL's cache. */
const IDS_PER_RUN = 100;

export const ROUTES: readonly RouteScenario[] = [
  {
    name: 'health-live',
    label: 'GET /health/live',
    expectedStatus: 200,
    mutates: false,
    needsArticles: false,
    targets: {},
    load: () => ({ method: 'GET', paths: ['/health/live'] }),
  },
  {
    name: 'article-by-id',
    label: 'GET /v1/articles/:id',
    expectedStatus: 200,
    mutates: false,
    needsArticles: true,
    targets: { requestsPerSecond: 0.75, p99: 1.6, cpuPerRequest: 1.6 },
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
    needsArticles: true,
    targets: { requestsPerSecond: 0.6, p99: 1.6 },
    load: () => ({ method: 'GET', paths: ['/v1/articles?limit=20'] }),
  },
  {
    name: 'article-create',
    label: 'POST /v1/articles',
    expectedStatus: 201,
    mutates: true,
    needsArticles: true,
    targets: { requestsPerSecond: 0.55, p99: 1.6, cpuPerRequest: 2.2 },
    load: () => ({
      method: 'POST',
      paths: ['/v1/articles'],
      headers: { 'content-type': 'application/json' },
      bodyTemplate: JSON.stringify(createArticleBody(`bench-${SEQUENCE_PLACEHOLDER}`)),
    }),
  },
];

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
