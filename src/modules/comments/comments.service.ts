import { Injectable } from '@nestjs/common';
import { assertIfMatch, PreconditionFailedError } from '../../common/errors';
import { type CursorPage, CursorPosition, parseSort, toCursorPage } from '../../common/pagination';
import { ArticlesService } from '../articles';
import type { Comment, CommentEntity } from './comment.entity';
import { CommentNotFoundError, CommentVersionConflictError } from './comments.errors';
import {
  type CommentChanges,
  type CommentListFilter,
  type CommentRelations,
  CommentsRepository,
} from './comments.repository';
import type { CreateCommentDto } from './dto/create-comment.dto';
import type { CommentSort, ListArticleCommentsQueryDto } from './dto/list-article-comments-query.dto';
import type { CommentInclude, ListCommentsQueryDto } from './dto/list-comments-query.dto';
import type { UpdateCommentDto } from './dto/update-comment.dto';

@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesService,
  ) {}

  create(dto: CreateCommentDto): Promise<CommentEntity> {
    return this.comments.insert({ articleId: dto.articleId, author: dto.author, body: dto.body });
  }

  list(query: ListCommentsQueryDto): Promise<CursorPage<Comment>> {
    return this.page({ articleId: query.articleId }, query, relationsFrom(query.include));
  }

  /**
   * One article's comments. An empty page may mean the article does not exist: only then is it
   * looked up (a 404 instead of an empty list), so the common, non-empty page costs one query.
   */
  async listForArticle(articleId: string, query: ListArticleCommentsQueryDto): Promise<CursorPage<Comment>> {
    const page = await this.page({ articleId }, query, relationsFrom(undefined));
    if (page.items.length === 0) await this.articles.get(articleId);
    return page;
  }

  async get(id: string, include?: readonly CommentInclude[]): Promise<Comment> {
    const comment = await this.comments.findById(id, relationsFrom(include));
    if (comment === null) throw new CommentNotFoundError(id);
    return comment;
  }

  /**
   * The version is checked twice on purpose: against the row just read, for a cheap early answer,
   * and in the UPDATE itself, which is what actually rules out lost updates. `ifMatch` (the
   * versions If-Match names, when sent) is checked first: 412 when it fails, 409 for the body's.
   */
  async update(id: string, dto: UpdateCommentDto, ifMatch?: readonly number[]): Promise<Comment> {
    const current = await this.get(id);
    assertIfMatch(ifMatch, current.version);
    if (current.version !== dto.version) throw new CommentVersionConflictError(id, dto.version);
    const changes = changesFrom(dto);
    if (Object.keys(changes).length === 0) return current;
    const updated = await this.comments.updateIfVersionMatches(id, dto.version, changes);
    if (updated === null) {
      throw ifMatch === undefined ? new CommentVersionConflictError(id, dto.version) : new PreconditionFailedError();
    }
    return updated;
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    if (await this.comments.deleteById(id, ifMatch)) return;
    // Nothing matched: with If-Match, the comment may exist at another version (412) rather than not at all.
    if (ifMatch === undefined || (await this.comments.findById(id)) === null) throw new CommentNotFoundError(id);
    throw new PreconditionFailedError();
  }

  private async page(
    filter: CommentListFilter,
    query: ListArticleCommentsQueryDto,
    relations: CommentRelations,
  ): Promise<CursorPage<Comment>> {
    const order = parseSort(query.sort);
    const rows = await this.comments.findPage(filter, { order, take: query.limit + 1, after: query.cursor }, relations);
    return toCursorPage(rows, query.limit, (comment) => cursorAfter(comment, query.sort));
  }
}

function relationsFrom(include: readonly CommentInclude[] | undefined): CommentRelations {
  return { article: include?.includes('article') ?? false };
}

/** Only the fields the client sent. */
function changesFrom(dto: UpdateCommentDto): CommentChanges {
  const changes: CommentChanges = {};
  if (dto.articleId !== undefined) changes.articleId = dto.articleId;
  if (dto.author !== undefined) changes.author = dto.author;
  if (dto.body !== undefined) changes.body = dto.body;
  return changes;
}

function cursorAfter(comment: Comment, sort: CommentSort): CursorPosition {
  return new CursorPosition(sort, comment.createdAt.toISOString(), comment.id);
}
