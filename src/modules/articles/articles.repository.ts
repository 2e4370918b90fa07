import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import type { CursorPosition, SortOrder } from '../../common/pagination';
import { contains, equals, PageStatements } from '../../core/database/page-statements';
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

/** The only place that talks to TypeORM about articles. */
@Injectable()
export class ArticlesRepository {
  /** Fixed SQL for the hot single-row paths; see SingleRowStatements. */
  private readonly singleRow: SingleRowStatements<ArticleEntity>;
  /** Fixed SQL for the list; see PageStatements. */
  private readonly pages: PageStatements<ArticleEntity, ArticleListFilter, ArticleSortField, keyof ArticleSummary>;

  constructor(@InjectRepository(ArticleEntity) private readonly articles: Repository<ArticleEntity>) {
    this.singleRow = new SingleRowStatements(articles);
    this.pages = new PageStatements(articles, {
      select: ARTICLE_SUMMARY_PROPERTIES,
      sortBy: { createdAt: 'createdAt', publishedAt: 'publishedAt' },
      filters: { status: equals('status'), tag: contains('tags') },
    });
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
    return this.pages.find(filter, page);
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
