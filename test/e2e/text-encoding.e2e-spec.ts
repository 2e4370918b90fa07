import { DataSource } from 'typeorm';
import { buildArticle } from '../factories/article.factory';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const ARTICLES = '/v1/articles';

/** The JSON of an article whose title ends in `bytes`, written raw (not as UTF-8 of a JS string). */
function articleWithTitleBytes(slug: string, bytes: readonly number[]): Buffer {
  const [head = '', tail = ''] = JSON.stringify(buildArticle({ slug, title: 'Caf\u0000' })).split('\\u0000');
  return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
}

describe('Text encoding end to end (RELIABILITY S19)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('stores nothing for a body in Latin-1, whether it says so or not, nor for a query that is not UTF-8', async () => {
    const latin1 = articleWithTitleBytes('latin1-undeclared', [0xe9]);
    const declared = articleWithTitleBytes('latin1-declared', [0xe9]);

    const undeclared = await testApp.app.inject({
      method: 'POST',
      url: ARTICLES,
      headers: { ...(await testApp.credentials()), 'content-type': 'application/json' },
      payload: latin1,
    });
    const labelled = await testApp.app.inject({
      method: 'POST',
      url: ARTICLES,
      headers: { ...(await testApp.credentials()), 'content-type': 'application/json; charset=latin1' },
      payload: declared,
    });
    const query = await testApp.request('GET', `${ARTICLES}?tag=%FF%FE`);

    expectProblem(undeclared, 400, 'INVALID_ENCODING');
    expectProblem(labelled, 415, 'UNSUPPORTED_CHARSET');
    expectProblem(query, 400, 'INVALID_ENCODING');
    const rows = await testApp.app.get(DataSource).query<{ count: string }[]>('SELECT count(*) AS count FROM articles');
    expect(rows).toEqual([{ count: '0' }]);
  });

  it('stores valid UTF-8 exactly as sent (control case)', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: ARTICLES,
      headers: { ...(await testApp.credentials()), 'content-type': 'application/json; charset=utf-8' },
      payload: articleWithTitleBytes('utf8', [0xc3, 0xa9]),
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ title: 'Café' });
  });
});
