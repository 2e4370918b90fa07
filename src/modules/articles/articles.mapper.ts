import type { CursorPage } from '../../common/pagination';
import type { ArticleEntity, ArticleSummary, ArticleTopicLink } from './article.entity';
import type { ArticlePageResponseDto } from './dto/article-page-response.dto';
import type {
  ArticleResponseDto,
  ArticleSummaryResponseDto,
  ArticleTopicResponseDto,
} from './dto/article-response.dto';
import type { ArticleInclude } from './dto/list-articles-query.dto';

/** What `?include=` asked for; the embedded lists appear only then (an empty list included). */
export type ArticleIncludes = readonly ArticleInclude[];

export function toArticleResponse(article: ArticleEntity, includes: ArticleIncludes = []): ArticleResponseDto {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    body: article.body,
    tags: article.tags,
    status: article.status,
    authorId: article.authorId,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
    ...topicFields(article.topicLinks, includes),
  };
}

export function toArticleSummaryResponse(
  article: ArticleSummary,
  includes: ArticleIncludes = [],
): ArticleSummaryResponseDto {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    tags: article.tags,
    status: article.status,
    authorId: article.authorId,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
    ...topicFields(article.topicLinks, includes),
  };
}

export function toArticlePageResponse(
  page: CursorPage<ArticleSummary>,
  includes: ArticleIncludes = [],
): ArticlePageResponseDto {
  return { items: page.items.map((item) => toArticleSummaryResponse(item, includes)), nextCursor: page.nextCursor };
}

/**
 * Topic ids in ascending order, whatever order the database returned the links in, so equal sets
 * always render equally; the embedded topics follow the same order.
 */
function topicFields(
  links: readonly ArticleTopicLink[],
  includes: ArticleIncludes,
): Pick<ArticleSummaryResponseDto, 'topicIds' | 'topics'> {
  const sorted = [...links].sort((a, b) => compareIds(a.topicId, b.topicId));
  const topicIds = sorted.map((link) => link.topicId);
  if (!includes.includes('topics')) return { topicIds };
  const topics = sorted.flatMap((link): ArticleTopicResponseDto[] =>
    link.topic === undefined ? [] : [{ id: link.topic.id, name: link.topic.name }],
  );
  return { topicIds, topics };
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
