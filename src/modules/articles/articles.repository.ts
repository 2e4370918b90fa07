import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { ArrayContains, type FindOptionsWhere, type Repository } from 'typeorm';
import { UNIQUE_VIOLATION, violatedConstraint } from '../../common/database';
import { type CursorPosition, keysetCondition, namedParameters, type SortOrder } from '../../common/pagination';
import { ARTICLE_SLUG_CONSTRAINT, ArticleEntity, type ArticleStatus, type ArticleSummary } from './article.entity';
import { ArticleSlugTakenError } from './articles.errors';
import type { ArticleSortField } from './dto/list-articles-query.dto';

const ARTICLE_SUMMARY_PROPERTIES: readonly (keyof ArticleSummary)[] = [
  'id',
  'slug',
  'title',
  'tags',
  'status',
  'publishedAt',
  'createdAt',
  'updatedAt',
  'version',
];

/** The property each sort field orders by, and whether it holds nulls (the keyset condition places them). */
const SORT_PROPERTIES: Readonly<Record<ArticleSortField, { readonly property: string; readonly nullable: boolean }>> = {
  createdAt: { property: 'article.createdAt', nullable: false },
  publishedAt: { property: 'article.publishedAt', nullable: true },
};

export type NewArticle = Pick<ArticleEntity, 'slug' | 'title' | 'body' | 'tags' | 'status' | 'publishedAt'>;
export type ArticleChanges = Partial<NewArticle>;

export interface ArticleListFilter {
  readonly status?: ArticleStatus;
  readonly tag?: string;
}

export interface ArticlePageRequest {
  readonly order: SortOrder<ArticleSortField>;
  /** Rows to fetch; the service asks for one more than the page size to learn whether more exist. */
  readonly take: number;
  readonly after?: CursorPosition;
}

/** The only place that talks to TypeORM about articles. */
@Injectable()
export class ArticlesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The articles repository of the current transaction, if a service opened one (decision 0104). */
  private get articles(): Repository<ArticleEntity> {
    return this.txHost.tx.getRepository(ArticleEntity);
  }

  /**
   * One INSERT … RETURNING, the columns the database fills (id, defaults, timestamps, version)
   * merged into the entity. `save()` would run the same statement through the persistence
   * machinery (cascades, change detection), which a new row without relations does not need.
   */
  async insert(values: NewArticle): Promise<ArticleEntity> {
    try {
      const entity = this.articles.create(values);
      const { generatedMaps } = await this.articles.insert(entity);
      return this.articles.merge(entity, ...generatedMaps);
    } catch (error) {
      throw translateSlugViolation(error, values.slug);
    }
  }

  findById(id: string): Promise<ArticleEntity | null> {
    return this.articles.findOneBy({ id });
  }

  /**
   * A keyset page (decision 0100): the rows after the cursor in (sort, id) order, with PostgreSQL's
   * default null placement, so one btree index on (sort, id) serves both directions.
   */
  findPage(filter: ArticleListFilter, page: ArticlePageRequest): Promise<ArticleSummary[]> {
    // TypeORM refuses an undefined value in a where object: a filter member left out adds no condition.
    const where: FindOptionsWhere<ArticleEntity> = {
      ...(filter.status !== undefined && { status: filter.status }),
      ...(filter.tag !== undefined && { tags: ArrayContains([filter.tag]) }),
    };
    const { field, direction } = page.order;
    const sort = SORT_PROPERTIES[field];
    const query = this.articles
      .createQueryBuilder('article')
      .select(ARTICLE_SUMMARY_PROPERTIES.map((property) => `article.${property}`))
      .where(where);
    if (page.after !== undefined) {
      const { bind, parameters } = namedParameters('after');
      const columns = { sort: sort.property, id: 'article.id', nullable: sort.nullable };
      query.andWhere(keysetCondition(columns, direction, page.after, bind), parameters);
    }
    return query
      .orderBy(sort.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('article.id', direction)
      .limit(page.take)
      .getMany();
  }

  /**
   * Applies `changes` only if the row is still at `expectedVersion`, in one UPDATE, so a concurrent
   * writer can never be overwritten. TypeORM bumps `version` and `updatedAt` itself. Returns null
   * when no row matched: the article was changed or deleted meanwhile.
   */
  async updateIfVersionMatches(
    id: string,
    expectedVersion: number,
    changes: ArticleChanges,
  ): Promise<ArticleEntity | null> {
    let affected: number | undefined;
    try {
      ({ affected } = await this.articles.update({ id, version: expectedVersion }, changes));
    } catch (error) {
      throw translateSlugViolation(error, changes.slug);
    }
    return affected === 1 ? this.findById(id) : null;
  }

  /** Returns whether a row was deleted. */
  async deleteById(id: string): Promise<boolean> {
    const { affected } = await this.articles.delete({ id });
    return affected === 1;
  }
}

/** Relies on the unique constraint instead of a SELECT beforehand, which would race. */
function translateSlugViolation(error: unknown, slug: string | undefined): unknown {
  const isSlugViolation = violatedConstraint(error, UNIQUE_VIOLATION) === ARTICLE_SLUG_CONSTRAINT;
  return slug !== undefined && isSlugViolation ? new ArticleSlugTakenError(slug) : error;
}
