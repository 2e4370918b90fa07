import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { isOwnerOrAdmin, type Principal } from '../../common/auth';
import { withoutUnchanged } from '../../common/changes';
import { assertIfMatch, PreconditionFailedError } from '../../common/errors';
import { type CursorPage, CursorPosition, parseSort, toCursorPage } from '../../common/pagination';
import { TopicsService } from '../topics';
import { ARTICLE_DEFAULT_STATUS, type ArticleEntity, type ArticleStatus, type ArticleSummary } from './article.entity';
import {
  ArticleNotAuthorError,
  ArticleNotFoundError,
  ArticleTopicNotFoundError,
  ArticleVersionConflictError,
} from './articles.errors';
import { type ArticleChanges, type ArticleRelations, ArticlesRepository, type NewArticle } from './articles.repository';
import type { CreateArticleDto } from './dto/create-article.dto';
import type {
  ArticleInclude,
  ArticleSort,
  ArticleSortField,
  ListArticlesQueryDto,
} from './dto/list-articles-query.dto';
import type { UpdateArticleDto } from './dto/update-article.dto';

/**
 * Writes that touch the join table run in one transaction (decision 0104): the article row and
 * its topic links commit together or not at all. A write without `topicIds` is a single statement,
 * atomic by itself, and skips the transaction and its BEGIN/COMMIT round trips.
 *
 * Ownership is a domain rule, so it lives here, not in the controller: the caller creating an
 * article becomes its author, and only the author or an admin may change or delete it
 * (ArticleNotAuthorError, 403). Jobs and CLIs calling the service obey the same rule.
 */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly topics: TopicsService,
  ) {}

  async create(dto: CreateArticleDto, author: Principal): Promise<ArticleEntity> {
    const status = dto.status ?? ARTICLE_DEFAULT_STATUS;
    const values: NewArticle = {
      slug: dto.slug,
      title: dto.title,
      body: dto.body,
      tags: dto.tags ?? [],
      status,
      publishedAt: status === 'published' ? new Date() : null,
      authorId: author.userId,
    };
    const topicIds = dto.topicIds ?? [];
    if (topicIds.length === 0) return this.articles.insert(values);
    try {
      return await this.createWithTopics(values, topicIds);
    } catch (error) {
      throw await this.withUnknownTopics(error, topicIds);
    }
  }

  async list(query: ListArticlesQueryDto): Promise<CursorPage<ArticleSummary>> {
    const order = parseSort<ArticleSortField>(query.sort);
    const rows = await this.articles.findPage(
      { status: query.status, tag: query.tag, topicId: query.topicId, authorId: query.authorId },
      { order, take: query.limit + 1, after: query.cursor },
      relationsFrom(query.include),
    );
    return toCursorPage(rows, query.limit, (article) => cursorAfter(article, query.sort, order.field));
  }

  async get(id: string, include: readonly ArticleInclude[] = []): Promise<ArticleEntity> {
    const article = await this.articles.findById(id, relationsFrom(include));
    if (article === null) throw new ArticleNotFoundError(id);
    return article;
  }

  /**
   * The version is checked twice on purpose: against the row just read, for a cheap early answer,
   * and in the UPDATE itself, which is what actually rules out lost updates. `ifMatch` (the
   * versions If-Match names, when sent) is checked first: 412 when it fails, 409 for the body's.
   */
  async update(
    id: string,
    dto: UpdateArticleDto,
    caller: Principal,
    ifMatch?: readonly number[],
  ): Promise<ArticleEntity> {
    const { topicIds } = dto;
    if (topicIds === undefined) return this.updateFields(id, dto, caller, ifMatch);
    try {
      return await this.updateWithTopics(id, dto, topicIds, caller, ifMatch);
    } catch (error) {
      throw await this.withUnknownTopics(error, topicIds);
    }
  }

  /**
   * Deleting an article deletes its topic links (ON DELETE CASCADE), never the topics. The read
   * before the DELETE finds the author; no one else can become it meanwhile (it only turns null).
   * With If-Match the DELETE itself checks the version too: when it matches nothing, the article
   * is looked up again, to tell one deleted meanwhile (404) from one changed meanwhile (412).
   */
  async delete(id: string, caller: Principal, ifMatch?: readonly number[]): Promise<void> {
    const current = await this.get(id);
    assertMayChange(current, caller);
    assertIfMatch(ifMatch, current.version);
    if (await this.articles.deleteById(id, ifMatch)) return;
    if (ifMatch === undefined || (await this.articles.findById(id)) === null) throw new ArticleNotFoundError(id);
    throw new PreconditionFailedError();
  }

  @Transactional()
  private async createWithTopics(values: NewArticle, topicIds: readonly string[]): Promise<ArticleEntity> {
    const article = await this.articles.insert(values);
    await this.articles.addTopics(article.id, topicIds);
    article.topicLinks = topicIds.map((topicId) => ({ topicId }));
    return article;
  }

  private async updateFields(
    id: string,
    dto: UpdateArticleDto,
    caller: Principal,
    ifMatch?: readonly number[],
  ): Promise<ArticleEntity> {
    const current = await this.get(id);
    assertMayChange(current, caller);
    assertIfMatch(ifMatch, current.version);
    if (current.version !== dto.version) throw new ArticleVersionConflictError(id, dto.version);
    const changes = changesFrom(current, dto);
    if (Object.keys(changes).length === 0) return current;
    const updated = await this.articles.updateIfVersionMatches(id, dto.version, changes);
    if (updated === null) throw staleWrite(id, dto.version, ifMatch);
    return updated;
  }

  /**
   * Replaces the topic set: only the links that change are deleted or inserted. The version-checked
   * UPDATE comes first, even with no other change (a new topic set is a new version): it locks
   * the row, so a concurrent writer of the same version waits, then matches nothing (409) instead
   * of racing on the links.
   */
  @Transactional()
  private async updateWithTopics(
    id: string,
    dto: UpdateArticleDto,
    topicIds: readonly string[],
    caller: Principal,
    ifMatch?: readonly number[],
  ): Promise<ArticleEntity> {
    const current = await this.get(id);
    assertMayChange(current, caller);
    assertIfMatch(ifMatch, current.version);
    if (current.version !== dto.version) throw new ArticleVersionConflictError(id, dto.version);
    const updated = await this.articles.updateIfVersionMatches(id, dto.version, changesFrom(current, dto));
    if (updated === null) throw staleWrite(id, dto.version, ifMatch);
    const before = new Set(current.topicLinks.map((link) => link.topicId));
    const after = new Set(topicIds);
    await this.articles.removeTopics(
      id,
      [...before].filter((topicId) => !after.has(topicId)),
    );
    await this.articles.addTopics(
      id,
      [...after].filter((topicId) => !before.has(topicId)),
    );
    updated.topicLinks = topicIds.map((topicId) => ({ topicId }));
    return updated;
  }

  /**
   * The foreign key only says that some topic id is unknown, and the failed INSERT aborted the
   * transaction; once it has rolled back, one lookup finds every unknown id, each reported with
   * its position in the request. Any other error passes through.
   */
  private async withUnknownTopics(error: unknown, topicIds: readonly string[]): Promise<unknown> {
    if (!(error instanceof ArticleTopicNotFoundError)) return error;
    const unknown = new Set(await this.topics.findUnknownIds(topicIds));
    return new ArticleTopicNotFoundError(
      topicIds.flatMap((topicId, index) =>
        unknown.has(topicId) ? [{ pointer: `/topicIds/${index}`, detail: `Topic ${topicId} does not exist.` }] : [],
      ),
    );
  }
}

/** Checked before the version, so a caller who may not change the article learns nothing more. */
function assertMayChange(article: ArticleEntity, caller: Principal): void {
  if (!isOwnerOrAdmin(caller, article.authorId)) throw new ArticleNotAuthorError(article.id);
}

/**
 * A version-checked write matched no row: another writer changed (or deleted) the article since it
 * was read. The client learns it the way it stated the version: 412 for If-Match, else 409.
 */
function staleWrite(id: string, version: number, ifMatch: readonly number[] | undefined): Error {
  return ifMatch === undefined ? new ArticleVersionConflictError(id, version) : new PreconditionFailedError();
}

function relationsFrom(include: readonly ArticleInclude[] = []): ArticleRelations {
  return { topics: include.includes('topics') };
}

/** The fields the client sent with another value than stored, plus publishedAt when the status change implies one. */
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
  // A value sent as it is stored is no change: a PATCH that repeats the article writes nothing.
  return withoutUnchanged(current, changes);
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
