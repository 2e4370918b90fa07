import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { type FindOptionsWhere, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { FOREIGN_KEY_VIOLATION, violatedConstraint } from '../../common/database';
import { type CursorPosition, keysetCondition, namedParameters, type SortOrder } from '../../common/pagination';
import { type Comment, COMMENT_ARTICLE_CONSTRAINT, type CommentArticle, CommentEntity } from './comment.entity';
import { CommentArticleNotFoundError } from './comments.errors';
import type { CommentSortField } from './dto/list-comments-query.dto';

const COMMENT_ARTICLE_PROPERTIES: readonly (keyof CommentArticle)[] = ['id', 'slug', 'title', 'status'];

/** The property each sort field orders by, and whether it holds nulls (the keyset condition places them). */
const SORT_PROPERTIES: Readonly<Record<CommentSortField, { readonly property: string; readonly nullable: boolean }>> = {
  createdAt: { property: 'comment.createdAt', nullable: false },
};

export type NewComment = Pick<CommentEntity, 'articleId' | 'author' | 'body'>;
export type CommentChanges = Partial<NewComment>;

export interface CommentListFilter {
  readonly articleId?: string;
}

export interface CommentPageRequest {
  readonly order: SortOrder<CommentSortField>;
  /** Rows to fetch; the service asks for one more than the page size to learn whether more exist. */
  readonly take: number;
  readonly after?: CursorPosition;
}

/** Related rows a read joins in the same statement. */
export interface CommentRelations {
  readonly article: boolean;
}

const NO_RELATIONS: CommentRelations = { article: false };

/** The only place that talks to TypeORM about comments. */
@Injectable()
export class CommentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The comments repository of the current transaction, if a service opened one (decision 0104). */
  private get comments(): Repository<CommentEntity> {
    return this.txHost.tx.getRepository(CommentEntity);
  }

  /**
   * One INSERT … RETURNING, the columns the database fills (id, timestamps, version) merged into
   * the entity. An unknown article is caught by the foreign key, not looked up first: a SELECT
   * beforehand would race with the article's deletion.
   */
  async insert(values: NewComment): Promise<CommentEntity> {
    try {
      const entity = this.comments.create(values);
      const { generatedMaps } = await this.comments.insert(entity);
      return this.comments.merge(entity, ...generatedMaps);
    } catch (error) {
      throw translateArticleViolation(error, values.articleId);
    }
  }

  findById(id: string, relations: CommentRelations = NO_RELATIONS): Promise<Comment | null> {
    if (!relations.article) return this.comments.findOneBy({ id });
    return this.withRelations(this.comments.createQueryBuilder('comment'), relations).where({ id }).getOne();
  }

  /**
   * A keyset page (decision 0100): the rows after the cursor in (sort, id) order. Lists carry the
   * body (a comment is little else). The article filter and the order share one index,
   * (article_id, created_at, id); the unfiltered list uses (created_at, id).
   */
  findPage(
    filter: CommentListFilter,
    page: CommentPageRequest,
    relations: CommentRelations = NO_RELATIONS,
  ): Promise<Comment[]> {
    // TypeORM refuses an undefined value in a where object: a filter member left out adds no condition.
    const where: FindOptionsWhere<CommentEntity> = {
      ...(filter.articleId !== undefined && { articleId: filter.articleId }),
    };
    const { field, direction } = page.order;
    const sort = SORT_PROPERTIES[field];
    const query = this.withRelations(this.comments.createQueryBuilder('comment'), relations).where(where);
    if (page.after !== undefined) {
      const { bind, parameters } = namedParameters('after');
      const columns = { sort: sort.property, id: 'comment.id', nullable: sort.nullable };
      query.andWhere(keysetCondition(columns, direction, page.after, bind), parameters);
    }
    // A many-to-one join adds no rows, so LIMIT still counts comments.
    return query
      .orderBy(sort.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('comment.id', direction)
      .limit(page.take)
      .getMany();
  }

  /**
   * Applies `changes` only if the row is still at `expectedVersion`, in one UPDATE, so a concurrent
   * writer can never be overwritten. TypeORM bumps `version` and `updatedAt` itself. Returns null
   * when no row matched: the comment was changed or deleted meanwhile.
   */
  async updateIfVersionMatches(
    id: string,
    expectedVersion: number,
    changes: CommentChanges,
  ): Promise<CommentEntity | null> {
    let affected: number | undefined;
    try {
      ({ affected } = await this.comments.update({ id, version: expectedVersion }, changes));
    } catch (error) {
      throw translateArticleViolation(error, changes.articleId);
    }
    return affected === 1 ? this.comments.findOneBy({ id }) : null;
  }

  /**
   * Returns whether a row was deleted. With `versions` (If-Match), only a row at one of them: the
   * check is part of the DELETE, so a concurrent write cannot slip in between.
   */
  async deleteById(id: string, versions?: readonly number[]): Promise<boolean> {
    const { affected } = await this.comments.delete({
      id,
      ...(versions !== undefined && { version: In([...versions]) }),
    });
    return affected === 1;
  }

  /** The article's summary columns joined into the same statement: no query per comment. */
  private withRelations(
    query: SelectQueryBuilder<CommentEntity>,
    relations: CommentRelations,
  ): SelectQueryBuilder<CommentEntity> {
    if (!relations.article) return query;
    return query
      .leftJoin('comment.article', 'article')
      .addSelect(COMMENT_ARTICLE_PROPERTIES.map((property) => `article.${property}`));
  }
}

/** Relies on the foreign key instead of a SELECT beforehand, which would race with a deletion. */
function translateArticleViolation(error: unknown, articleId: string | undefined): unknown {
  const isArticleViolation = violatedConstraint(error, FOREIGN_KEY_VIOLATION) === COMMENT_ARTICLE_CONSTRAINT;
  return articleId !== undefined && isArticleViolation ? new CommentArticleNotFoundError(articleId) : error;
}
