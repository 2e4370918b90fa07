import type { ArticleEntity } from './article.entity';
import { toArticlePageResponse, toArticleResponse, toArticleSummaryResponse } from './articles.mapper';

function anArticle(overrides: Partial<ArticleEntity> = {}): ArticleEntity {
  return {
    id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
    slug: 'a-slug',
    title: 'A title',
    body: 'A body',
    tags: ['one', 'two'],
    status: 'published',
    authorId: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f',
    publishedAt: new Date('2026-01-03T00:00:00.000Z'),
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    updatedAt: new Date('2026-01-02T00:00:00.000Z'),
    version: 7,
    topicLinks: [],
    ...overrides,
  };
}
const article = anArticle();

describe(toArticleResponse.name, () => {
  it('maps every field, timestamps as ISO-8601 strings', () => {
    expect(toArticleResponse(article)).toEqual({
      id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
      slug: 'a-slug',
      title: 'A title',
      body: 'A body',
      tags: ['one', 'two'],
      status: 'published',
      authorId: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f',
      publishedAt: '2026-01-03T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      version: 7,
      topicIds: [],
    });
  });

  it('lists topic ids in ascending order, without topics unless included', () => {
    const linked = anArticle({ topicLinks: [{ topicId: 'b' }, { topicId: 'a' }] });

    const response = toArticleResponse(linked);

    expect(response.topicIds).toEqual(['a', 'b']);
    expect(response).not.toHaveProperty('topics');
  });

  it('embeds the topics in the order of topicIds when included', () => {
    const linked = anArticle({
      topicLinks: [
        { topicId: 'b', topic: { id: 'b', name: 'Bee' } },
        { topicId: 'a', topic: { id: 'a', name: 'Ay' } },
      ],
    });

    expect(toArticleResponse(linked, ['topics']).topics).toEqual([
      { id: 'a', name: 'Ay' },
      { id: 'b', name: 'Bee' },
    ]);
  });

  it('embeds an empty list when topics are included and there are none', () => {
    expect(toArticleResponse(article, ['topics']).topics).toEqual([]);
  });

  it('maps a missing publishedAt to null', () => {
    expect(toArticleResponse(anArticle({ publishedAt: null })).publishedAt).toBeNull();
  });

  it('keeps a missing author as null', () => {
    expect(toArticleResponse(anArticle({ authorId: null })).authorId).toBeNull();
  });
});

describe(toArticleSummaryResponse.name, () => {
  it('maps every field but the body', () => {
    const { body, ...expected } = toArticleResponse(article);

    expect(body).toBe('A body');
    expect(toArticleSummaryResponse(article)).toEqual(expected);
  });
});

describe(toArticlePageResponse.name, () => {
  it('maps every item to a summary and keeps the cursor', () => {
    expect(toArticlePageResponse({ items: [article], nextCursor: 'next' })).toEqual({
      items: [toArticleSummaryResponse(article)],
      nextCursor: 'next',
    });
  });

  it('embeds topics in every item when included', () => {
    const linked = anArticle({ topicLinks: [{ topicId: 'a', topic: { id: 'a', name: 'Ay' } }] });

    const page = toArticlePageResponse({ items: [linked], nextCursor: null }, ['topics']);

    expect(page.items[0]?.topics).toEqual([{ id: 'a', name: 'Ay' }]);
  });
});
