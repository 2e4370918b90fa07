import type { Comment } from './comment.entity';
import { toCommentArticleResponse, toCommentPageResponse, toCommentResponse } from './comments.mapper';

const ARTICLE = {
  id: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f',
  slug: 'a-slug',
  title: 'A title',
  status: 'published',
} as const;

function aComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
    articleId: ARTICLE.id,
    author: 'Ada',
    body: 'A body',
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    updatedAt: new Date('2026-01-02T00:00:00.000Z'),
    version: 7,
    ...overrides,
  };
}
const comment = aComment();

describe(toCommentResponse.name, () => {
  it('maps every field, timestamps as ISO-8601 strings, and no article when none was joined', () => {
    expect(toCommentResponse(comment)).toStrictEqual({
      id: '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b',
      articleId: ARTICLE.id,
      author: 'Ada',
      body: 'A body',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      version: 7,
    });
  });

  it('embeds the joined article', () => {
    expect(toCommentResponse(aComment({ article: ARTICLE })).article).toEqual(ARTICLE);
  });
});

describe(toCommentArticleResponse.name, () => {
  it('maps the summary fields only', () => {
    const joined = { ...ARTICLE, body: 'not embedded' };

    expect(toCommentArticleResponse(joined)).toStrictEqual(ARTICLE);
  });
});

describe(toCommentPageResponse.name, () => {
  it('maps every item and keeps the cursor', () => {
    expect(toCommentPageResponse({ items: [comment], nextCursor: 'next' })).toEqual({
      items: [toCommentResponse(comment)],
      nextCursor: 'next',
    });
  });
});
