import { Injectable } from '@nestjs/common';
import { type CursorPage, CursorPosition, parseSort, toCursorPage } from '../../common/pagination';
import { ARTICLE_DEFAULT_STATUS, type ArticleEntity, type ArticleStatus, type ArticleSummary } from './article.entity';
import { ArticleNotFoundError, ArticleVersionConflictError } from './articles.errors';
import { type ArticleChanges, ArticlesRepository } from './articles.repository';
import type { CreateArticleDto } from './dto/create-article.dto';
import type { ArticleSort, ArticleSortField, ListArticlesQueryDto } from './dto/list-articles-query.dto';
import type { UpdateArticleDto } from './dto/update-article.dto';

@Injectable()
export class ArticlesService {
  constructor(private readonly articles: ArticlesRepository) {}

  create(dto: CreateArticleDto): Promise<ArticleEntity> {
    const status = dto.status ?? ARTICLE_DEFAULT_STATUS;
    return this.articles.insert({
      slug: dto.slug,
      title: dto.title,
      body: dto.body,
      tags: dto.tags ?? [],
      status,
      publishedAt: status === 'published' ? new Date() : null,
    });
  }

  async list(query: ListArticlesQueryDto): Promise<CursorPage<ArticleSummary>> {
    const order = parseSort<ArticleSortField>(query.sort);
    const rows = await this.articles.findPage(
      { status: query.status, tag: query.tag },
      { order, take: query.limit + 1, after: query.cursor },
    );
    return toCursorPage(rows, query.limit, (article) => cursorAfter(article, query.sort, order.field));
  }

  async get(id: string): Promise<ArticleEntity> {
    const article = await this.articles.findById(id);
    if (article === null) throw new ArticleNotFoundError(id);
    return article;
  }

  /**
   * The version is checked twice on purpose: against the row just read, for a cheap early answer,
   * and in the UPDATE itself, which is what actually rules out lost updates.
   */
  async update(id: string, dto: UpdateArticleDto): Promise<ArticleEntity> {
    const current = await this.get(id);
    if (current.version !== dto.version) throw new ArticleVersionConflictError(id, dto.version);
    const changes = changesFrom(current, dto);
    if (Object.keys(changes).length === 0) return current;
    const updated = await this.articles.updateIfVersionMatches(id, dto.version, changes);
    if (updated === null) throw new ArticleVersionConflictError(id, dto.version);
    return updated;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.articles.deleteById(id);
    if (!deleted) throw new ArticleNotFoundError(id);
  }
}

/** Only the fields the client sent, plus publishedAt when the status change implies one. */
function changesFrom(current: ArticleEntity, dto: UpdateArticleDto): ArticleChanges {
  const changes: ArticleChanges = {};
  if (dto.slug !== undefined) changes.slug = dto.slug;
  if (dto.title !== undefined) changes.title = dto.title;
  if (dto.body !== undefined) changes.body = dto.body;
  if (dto.tags !== undefined) changes.tags = dto.tags;
  if (dto.status !== undefined && dto.status !== current.status) {
    changes.status = dto.status;
    changes.publishedAt = publishedAtAfterTransition(current.publishedAt, dto.status);
  }
  return changes;
}

/** Publishing stamps the time once; archiving keeps it; returning to draft unpublishes. */
function publishedAtAfterTransition(publishedAt: Date | null, status: ArticleStatus): Date | null {
  switch (status) {
    case 'published':
      return publishedAt ?? new Date();
    case 'archived':
      return publishedAt;
    case 'draft':
      return null;
  }
}

function cursorAfter(article: ArticleSummary, sort: ArticleSort, field: ArticleSortField): CursorPosition {
  return new CursorPosition(sort, article[field]?.toISOString() ?? null, article.id);
}
