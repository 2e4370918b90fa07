import type { CursorPage } from '../../common/pagination';
import type { ArticleEntity, ArticleSummary } from './article.entity';
import type { ArticlePageResponseDto } from './dto/article-page-response.dto';
import type { ArticleResponseDto, ArticleSummaryResponseDto } from './dto/article-response.dto';

export function toArticleResponse(article: ArticleEntity): ArticleResponseDto {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    body: article.body,
    tags: article.tags,
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
  };
}

export function toArticleSummaryResponse(article: ArticleSummary): ArticleSummaryResponseDto {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    tags: article.tags,
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
  };
}

export function toArticlePageResponse(page: CursorPage<ArticleSummary>): ArticlePageResponseDto {
  return { items: page.items.map(toArticleSummaryResponse), nextCursor: page.nextCursor };
}
