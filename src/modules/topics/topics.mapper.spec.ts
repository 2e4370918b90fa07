import type { TopicEntity } from './topic.entity';
import { toTopicPageResponse, toTopicResponse } from './topics.mapper';

const topic: TopicEntity = {
  id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
  name: 'Databases',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  updatedAt: new Date('2026-01-02T00:00:00.000Z'),
  version: 2,
};

describe(toTopicResponse.name, () => {
  it('maps every field, timestamps as ISO-8601 strings', () => {
    expect(toTopicResponse(topic)).toEqual({
      id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
      name: 'Databases',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      version: 2,
    });
  });
});

describe(toTopicPageResponse.name, () => {
  it('maps every item and keeps the cursor', () => {
    expect(toTopicPageResponse({ items: [topic], nextCursor: 'next' })).toEqual({
      items: [toTopicResponse(topic)],
      nextCursor: 'next',
    });
  });
});
