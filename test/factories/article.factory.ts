import { randomBytes } from 'node:crypto';
import type { CreateArticleDto } from '../../src/modules/articles/dto/create-article.dto';

/** The create body as a plain object type, so tests can spread and override it freely. */
export type ArticlePayload = Pick<CreateArticleDto, keyof CreateArticleDto>;

let sequence = 0;

/**
 * A valid create-article body. Slugs are unique across calls and test files (random part), so
 * tests never collide on the unique constraint unless they mean to.
 */
export function buildArticle(overrides: Partial<ArticlePayload> = {}): ArticlePayload {
  sequence += 1;
  return {
    slug: `article-${sequence}-${randomBytes(4).toString('hex')}`,
    title: `Article number ${sequence}`,
    body: `The body of article number ${sequence}.`,
    tags: ['example'],
    status: 'draft',
    ...overrides,
  };
}
