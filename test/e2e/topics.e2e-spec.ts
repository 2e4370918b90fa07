import { randomUUID } from 'node:crypto';
import type { TopicPageResponseDto } from '../../src/modules/topics/dto/topic-page-response.dto';
import type { TopicResponseDto } from '../../src/modules/topics/dto/topic-response.dto';
import { TOPIC_NAME_MAX_LENGTH } from '../../src/modules/topics/topic.entity';
import { buildArticle } from '../factories/article.factory';
import { buildTopic } from '../factories/topic.factory';
import { describeConditionalRequests } from '../utils/conditional-requests';
import { expectInvalid, expectProblem, UUID } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const TOPICS = '/v1/topics';

/** Response bodies as plain object types, so tests can spread them. */
type Topic = Pick<TopicResponseDto, keyof TopicResponseDto>;
type TopicPage = Pick<TopicPageResponseDto, keyof TopicPageResponseDto>;

describe('Topics (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function createTopic(overrides: Parameters<typeof buildTopic>[0] = {}): Promise<Topic> {
    const response = await testApp.request('POST', TOPICS, buildTopic(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Topic>();
  }

  describe('POST /v1/topics', () => {
    it('creates a topic and answers 201 with it and its Location', async () => {
      const payload = buildTopic();

      const response = await testApp.request('POST', TOPICS, payload);

      expect(response.statusCode).toBe(201);
      const topic = response.json<Topic>();
      expect(topic.id).toMatch(UUID);
      expect(topic).toEqual({
        id: topic.id,
        name: payload.name,
        createdAt: topic.createdAt,
        updatedAt: topic.createdAt,
        version: 1,
      });
      expect(response.headers.location).toBe(`${TOPICS}/${topic.id}`);
    });

    it('answers 409 TOPICS_NAME_TAKEN when the name is taken', async () => {
      const existing = await createTopic();

      expectProblem(await testApp.request('POST', TOPICS, { name: existing.name }), 409, 'TOPICS_NAME_TAKEN');
    });

    it.each([
      ['a missing name', {}],
      ['an empty name', { name: '' }],
      ['a name over the limit', { name: 'x'.repeat(TOPIC_NAME_MAX_LENGTH + 1) }],
      ['NUL in the name', { name: 'a\u0000b' }],
      ['a null name', { name: null }],
    ])('rejects %s', async (_case, payload) => {
      expectInvalid(await testApp.request('POST', TOPICS, payload), '/name');
    });

    it('accepts a name of exactly the limit', async () => {
      const name = randomUUID().padEnd(TOPIC_NAME_MAX_LENGTH, 'x');

      expect((await testApp.request('POST', TOPICS, { name })).statusCode).toBe(201);
    });

    it('rejects unknown properties', async () => {
      expectInvalid(await testApp.request('POST', TOPICS, { ...buildTopic(), colour: 'red' }), '/colour');
    });
  });

  describe('GET /v1/topics', () => {
    it('walks every topic once, newest first, with a cursor', async () => {
      const created = [await createTopic(), await createTopic(), await createTopic()];
      const seen: Topic[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const response = await testApp.request('GET', `${TOPICS}?limit=2${query}`);
        expect(response.statusCode).toBe(200);
        const page = response.json<TopicPage>();
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);

      expect(new Set(seen.map((topic) => topic.id)).size).toBe(seen.length);
      const ids = seen.map((topic) => topic.id);
      const positions = created.map((topic) => ids.indexOf(topic.id));
      expect(positions).toEqual([...positions].sort((a, b) => b - a));
    });

    it('walks oldest first with sort=createdAt', async () => {
      const first = await createTopic();
      const second = await createTopic();

      const page = (await testApp.request('GET', `${TOPICS}?sort=createdAt&limit=100`)).json<TopicPage>();

      const ids = page.items.map((topic) => topic.id);
      expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    });

    it.each(['limit=0', 'limit=abc', 'sort=name', 'cursor=bm90LWEtY3Vyc29y'])('rejects %s', async (query) => {
      expectProblem(await testApp.request('GET', `${TOPICS}?${query}`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /v1/topics/:id', () => {
    it('returns the topic', async () => {
      const topic = await createTopic();

      const response = await testApp.request('GET', `${TOPICS}/${topic.id}`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(topic);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await testApp.request('GET', `${TOPICS}/${randomUUID()}`), 404, 'TOPICS_NOT_FOUND');
      expectInvalid(await testApp.request('GET', `${TOPICS}/not-a-uuid`), '/id');
    });
  });

  describe('PATCH /v1/topics/:id', () => {
    it('renames the topic and bumps its version', async () => {
      const topic = await createTopic();
      const { name } = buildTopic();

      const response = await testApp.request('PATCH', `${TOPICS}/${topic.id}`, { name, version: 1 });

      expect(response.statusCode).toBe(200);
      expect(response.json<Topic>()).toMatchObject({ id: topic.id, name, version: 2 });
    });

    it('answers 409 TOPICS_VERSION_CONFLICT for a stale version', async () => {
      const topic = await createTopic();
      await testApp.request('PATCH', `${TOPICS}/${topic.id}`, { ...buildTopic(), version: 1 });

      const stale = await testApp.request('PATCH', `${TOPICS}/${topic.id}`, { ...buildTopic(), version: 1 });

      expectProblem(stale, 409, 'TOPICS_VERSION_CONFLICT');
    });

    it('answers 409 TOPICS_NAME_TAKEN when renaming to a taken name', async () => {
      const taken = await createTopic();
      const topic = await createTopic();

      const response = await testApp.request('PATCH', `${TOPICS}/${topic.id}`, { name: taken.name, version: 1 });

      expectProblem(response, 409, 'TOPICS_NAME_TAKEN');
    });

    it('answers 404 for an unknown id and 400 without a version', async () => {
      expectProblem(
        await testApp.request('PATCH', `${TOPICS}/${randomUUID()}`, { name: 'x', version: 1 }),
        404,
        'TOPICS_NOT_FOUND',
      );
      expectInvalid(await testApp.request('PATCH', `${TOPICS}/${randomUUID()}`, { name: 'x' }), '/version');
    });
  });

  describeConditionalRequests(() => testApp, {
    path: TOPICS,
    build: () => buildTopic(),
    change: () => ({ name: buildTopic().name }),
  });

  describe('DELETE /v1/topics/:id', () => {
    it('deletes an unused topic', async () => {
      const topic = await createTopic();

      expect((await testApp.request('DELETE', `${TOPICS}/${topic.id}`)).statusCode).toBe(204);
      expect((await testApp.request('GET', `${TOPICS}/${topic.id}`)).statusCode).toBe(404);
    });

    it('answers 409 TOPICS_REFERENCED while an article uses the topic, and keeps it', async () => {
      const topic = await createTopic();
      const article = await testApp.request('POST', '/v1/articles', buildArticle({ topicIds: [topic.id] }));
      expect(article.statusCode).toBe(201);

      expectProblem(await testApp.request('DELETE', `${TOPICS}/${topic.id}`), 409, 'TOPICS_REFERENCED');
      expect((await testApp.request('GET', `${TOPICS}/${topic.id}`)).statusCode).toBe(200);
    });

    it('answers 404 for an unknown id', async () => {
      expectProblem(await testApp.request('DELETE', `${TOPICS}/${randomUUID()}`), 404, 'TOPICS_NOT_FOUND');
    });
  });
});
