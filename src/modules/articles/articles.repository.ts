import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { type CursorPosition, keysetCondition, type SortOrder } from '../../common/pagination';
import { SingleRowStatements } from '../../core/database/single-row-statements';
import { ARTICLE_SLUG_CONSTRAINT, ArticleEntity, type ArticleStatus, type ArticleSummary } from './article.entity';
import { ArticleSlugTakenError } from './articles.errors';
import type { ArticleSortField } from './dto/list-articles-query.dto';

const UNIQUE_VIOLATION = '23505';

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

const SORT_COLUMNS: Readonly<Record<ArticleSortField, { readonly property: string; readonly nullable: boolean }>> = {
  createdAt: { property: 'article.createdAt', nullable: false },
  publishedAt: { property: 'article.publishedAt', nullable: true },
};

/** The only place that talks to TypeORM about articles. */
@Injectable()
export class ArticlesRepository {
  /** Fixed SQL for the hot single-row paths; see SingleRowStatements. */
  private readonly singleRow: SingleRowStatements<ArticleEntity>;

  constructor(@InjectRepository(ArticleEntity) private readonly articles: Repository<ArticleEntity>) {
    this.singleRow = new SingleRowStatements(articles);
  }

  /** A single INSERT … RETURNING; `save()` would wrap it in a transaction for nothing. */
  async insert(values: NewArticle): Promise<ArticleEntity> {
    try {
      return await this.singleRow.insert(values);
    } catch (error) {
      throw translateSlugViolation(error, values.slug);
    }
  }

  findById(id: string): Promise<ArticleEntity | null> {
    return this.singleRow.findById(id);
  }

  findPage(filter: ArticleListFilter, page: ArticlePageRequest): Promise<ArticleSummary[]> {
    const column = SORT_COLUMNS[page.order.field];
    const direction = page.order.direction;
    const query = this.articles
      .createQueryBuilder('article')
      .select(ARTICLE_SUMMARY_PROPERTIES.map((property) => `article.${property}`));
    if (filter.status !== undefined) query.andWhere('article.status = :status', { status: filter.status });
    if (filter.tag !== undefined) query.andWhere('article.tags @> ARRAY[:tag]::varchar[]', { tag: filter.tag });
    if (page.after !== undefined) {
      const condition = keysetCondition(
        { sort: column.property, id: 'article.id', nullable: column.nullable },
        direction,
        page.after,
      );
      query.andWhere(condition.sql, condition.parameters);
    }
    return query
      .orderBy(column.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
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
  if (slug === undefined || !(error instanceof QueryFailedError)) return error;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  const isSlugViolation = driverError.code === UNIQUE_VIOLATION && driverError.constraint === ARTICLE_SLUG_CONSTRAINT;
  return isSlugViolation ? new ArticleSlugTakenError(slug) : error;
}
