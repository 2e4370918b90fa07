import {
  authOverheadRequests,
  type BenchTable,
  missingTable,
  ROUTE_NAMES,
  ROUTES,
  type RouteScenario,
  SEQUENCE_PLACEHOLDER,
} from './routes';

const FIXTURES = {
  articleIds: ['a1', 'a2', 'a3'],
  topicIds: ['t1', 't2', 't3', 't4'],
  commentedArticleIds: ['a1', 'a2'],
};

function route(name: string): RouteScenario {
  const found = ROUTES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no route ${name}`);
  return found;
}

describe('bench routes', () => {
  it('declares one scenario per route name, in order', () => {
    expect(ROUTES.map((scenario) => scenario.name)).toEqual([...ROUTE_NAMES]);
  });

  it.each([
    ['health-live', [], undefined],
    ['article-by-id', ['articles'], 'topics'],
    ['comments-list-include', ['articles', 'topics'], 'comments'],
    ['article-create-topics', ['articles', 'comments'], 'topics'],
    ['article-create-topics', ['articles', 'comments', 'topics'], undefined],
  ] as const)('%s with tables %j misses %s', (name, tables, missing) => {
    expect(missingTable(route(name), new Set<BenchTable>(tables))).toBe(missing);
  });

  it('cycles the comments list over every commented article, embedding the article', () => {
    expect(route('comments-list-include').load(FIXTURES).paths).toEqual([
      '/v1/comments?articleId=a1&include=article&limit=20',
      '/v1/comments?articleId=a2&include=article&limit=20',
    ]);
  });

  it('creates articles with three seeded topics and a unique slug per request', () => {
    const { method, bodyTemplate = '' } = route('article-create-topics').load(FIXTURES);
    const body = JSON.parse(bodyTemplate.replaceAll(SEQUENCE_PLACEHOLDER, '7')) as { slug: string; topicIds: string[] };

    expect(method).toBe('POST');
    expect(body.slug).toBe('bench-topics-7');
    expect(body.topicIds).toEqual(['t1', 't2', 't3']);
  });

  it("holds issue 14's targets", () => {
    expect(Object.fromEntries(ROUTES.map((scenario) => [scenario.name, scenario.targets]))).toEqual({
      'health-live': {},
      'article-by-id': { requestsPerSecond: 0.7, p99: 1.6, cpuPerRequest: 1.7 },
      'articles-list': { requestsPerSecond: 0.6, p99: 1.6 },
      'article-create': { requestsPerSecond: 0.65, p99: 1.6, cpuPerRequest: 2.0 },
      'comments-list-include': { requestsPerSecond: 0.6 },
      'article-create-topics': { requestsPerSecond: 0.6 },
    });
  });

  it('measures the authentication overhead on GET by id, the same paths under the anonymous prefix', () => {
    const { authenticated, anonymous } = authOverheadRequests(FIXTURES);

    expect(authenticated).toEqual(route('article-by-id').load(FIXTURES));
    expect(anonymous.paths).toEqual([
      '/anonymous/v1/articles/a1',
      '/anonymous/v1/articles/a2',
      '/anonymous/v1/articles/a3',
    ]);
  });
});
