import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import {
  ArrayContains,
  type EntityMetadata,
  type FindOptionsWhere,
  In,
  type Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, violatedConstraint } from '../../common/database';
import { type CursorPosition, keysetCondition, namedParameters, type SortOrder } from '../../common/pagination';
import { ARTICLE_TOPICS_TOPIC_FK, ArticleTopicEntity } from './article-topic.entity';
import {
  ARTICLE_SLUG_CONSTRAINT,
  ArticleEntity,
  type ArticleStatus,
  type ArticleSummary,
  type ArticleTopicLink,
} from './article.entity';
import { ArticleSlugTakenError, ArticleTopicNotFoundError } from './articles.errors';
import type { ArticleSortField } from './dto/list-articles-query.dto';

const ARTICLE_SUMMARY_PROPERTIES: readonly (keyof ArticleSummary)[] = [
  'id',
  'slug',
  'title',
  'tags',
  'status',
  'authorId',
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

export type NewArticle = Pick<
  ArticleEntity,
  'slug' | 'title' | 'body' | 'tags' | 'status' | 'publishedAt' | 'authorId'
>;
/** The author is set once, on create. */
export type ArticleChanges = Partial<Omit<NewArticle, 'authorId'>>;

export interface ArticleListFilter {
  readonly status?: ArticleStatus;
  readonly tag?: string;
  readonly topicId?: string;
  readonly authorId?: string;
}

/** Related rows a read loads besides the article's own columns and its topic ids. */
export interface ArticleRelations {
  /** Each link's topic (id, name), joined into the same query. */
  readonly topics: boolean;
}

const NO_RELATIONS: ArticleRelations = { topics: false };

/**
 * GET by id's statement, made once from TypeORM's metadata of the entity: every column the query
 * builder would select, under its property name, and the topic ids, one row per link. The query
 * builder sends the same statement but builds, escapes and hydrates it again on every call, the
 * largest cost of the service's hottest read (decision 0103 lets that one read drop to `query`;
 * docs/performance.md, optimisation 22). Rows are hydrated as the query builder does, column by
 * column through the driver, so a column the field generator adds is read here too. Generated
 * modules keep the query builder; test/e2e/article-topics.e2e-spec.ts pins both reads to the same
 * entity.
 */
interface ByIdStatement {
  readonly sql: string;
  readonly columns: EntityMetadata['columns'];
  readonly driver: Repository<ArticleEntity>['manager']['dataSource']['driver'];
}

const TOPIC_ID_ALIAS = 'link_topic_id';

function byIdStatement(articles: Repository<ArticleEntity>): ByIdStatement {
  const { metadata } = articles;
  const { driver } = articles.manager.dataSource;
  const columns = metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
  const select = columns.map(
    (column) => `a.${driver.escape(column.databaseName)} AS ${driver.escape(column.propertyPath)}`,
  );
  const sql = `SELECT ${select.join(', ')}, l.topic_id AS ${TOPIC_ID_ALIAS}
FROM ${driver.escape(metadata.tableName)} a LEFT JOIN article_topics l ON l.article_id = a.id
WHERE a.id = $1`;
  return { sql, columns, driver };
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
  /** GET by id's statement, made on first use (the entity's metadata exists once TypeORM is up). */
  private byId?: ByIdStatement;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The articles repository of the current transaction, if a service opened one (decision 0104). */
  private get articles(): Repository<ArticleEntity> {
    return this.txHost.tx.getRepository(ArticleEntity);
  }

  /** The join table of articles and topics, in the current transaction if any. */
  private get links(): Repository<ArticleTopicEntity> {
    return this.txHost.tx.getRepository(ArticleTopicEntity);
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
      const article = this.articles.merge(entity, ...generatedMaps);
      article.topicLinks = [];
      return article;
    } catch (error) {
      throw translateSlugViolation(error, values.slug);
    }
  }

  /** The article and its topic ids (and topics, when asked) in ONE query: the links are joined in. */
  findById(id: string, relations: ArticleRelations = NO_RELATIONS): Promise<ArticleEntity | null> {
    if (!relations.topics) return this.findByIdWithTopicIds(id);
    return this.articles
      .createQueryBuilder('article')
      .leftJoinAndMapMany('article.topicLinks', ArticleTopicEntity, 'link', 'link.articleId = article.id')
      .leftJoinAndSelect('link.topic', 'topic')
      .where('article.id = :id', { id })
      .getOne();
  }

  private async findByIdWithTopicIds(id: string): Promise<ArticleEntity | null> {
    const articles = this.articles;
    const { sql, columns, driver } = (this.byId ??= byIdStatement(articles));
    const rows = await articles.query<Record<string, unknown>[]>(sql, [id]);
    const [first] = rows;
    if (first === undefined) return null;
    const article = articles.create();
    for (const column of columns) {
      column.setEntityValue(article, driver.prepareHydratedValue(first[column.propertyPath], column));
    }
    article.topicLinks = rows.flatMap((row) => {
      const topicId = row[TOPIC_ID_ALIAS];
      return typeof topicId === 'string' ? [{ topicId }] : [];
    });
    return article;
  }

  /**
   * Links the article to each topic with one multi-row INSERT. An unknown topic id fails the
   * foreign key FK_article_topics_topic_id: that violation is the check, no SELECT beforehand. The
   * failed statement aborts the transaction, so the error carries no detail; the service finds
   * which ids are unknown after the rollback.
   */
  async addTopics(articleId: string, topicIds: readonly string[]): Promise<void> {
    if (topicIds.length === 0) return;
    try {
      await this.links.insert(topicIds.map((topicId) => ({ articleId, topicId })));
    } catch (error) {
      const isTopicViolation = violatedConstraint(error, FOREIGN_KEY_VIOLATION) === ARTICLE_TOPICS_TOPIC_FK;
      throw isTopicViolation ? new ArticleTopicNotFoundError() : error;
    }
  }

  /** Unlinks the article from these topics (the topics themselves stay). */
  async removeTopics(articleId: string, topicIds: readonly string[]): Promise<void> {
    if (topicIds.length === 0) return;
    await this.links.delete({ articleId, topicId: In([...topicIds]) });
  }

  /**
   * The links of every article of a page in ONE query (whatever the page size), each article's
   * `topicLinks` set from them: never a query per row.
   */
  private async loadTopicLinks(articles: ArticleSummary[], relations: ArticleRelations): Promise<ArticleSummary[]> {
    if (articles.length === 0) return articles;
    const links = await this.links.find({
      where: { articleId: In(articles.map((article) => article.id)) },
      relations: { topic: relations.topics },
    });
    const byArticle = new Map<string, ArticleTopicLink[]>();
    for (const link of links) {
      const list = byArticle.get(link.articleId);
      if (list === undefined) byArticle.set(link.articleId, [link]);
      else list.push(link);
    }
    for (const article of articles) article.topicLinks = byArticle.get(article.id) ?? [];
    return articles;
  }

  /**
   * A keyset page (decision 0100): the rows after the cursor in (sort, id) order, with PostgreSQL's
   * default null placement, so one btree index on (sort, id) serves both directions. Then the
   * page's topic links, in one more query.
   */
  async findPage(
    filter: ArticleListFilter,
    page: ArticlePageRequest,
    relations: ArticleRelations = NO_RELATIONS,
  ): Promise<ArticleSummary[]> {
    // TypeORM refuses an undefined value in a where object: a filter member left out adds no condition.
    const where: FindOptionsWhere<ArticleEntity> = {
      ...(filter.status !== undefined && { status: filter.status }),
      ...(filter.tag !== undefined && { tags: ArrayContains([filter.tag]) }),
      ...(filter.authorId !== undefined && { authorId: filter.authorId }),
    };
    const { field, direction } = page.order;
    const sort = SORT_PROPERTIES[field];
    const query = this.articles
      .createQueryBuilder('article')
      .select(ARTICLE_SUMMARY_PROPERTIES.map((property) => `article.${property}`))
      .where(where);
    if (filter.topicId !== undefined) filterByTopic(query, filter.topicId);
    if (page.after !== undefined) {
      const { bind, parameters } = namedParameters('after');
      const columns = { sort: sort.property, id: 'article.id', nullable: sort.nullable };
      query.andWhere(keysetCondition(columns, direction, page.after, bind), parameters);
    }
    const articles = await query
      .orderBy(sort.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('article.id', direction)
      .limit(page.take)
      .getMany();
    return this.loadTopicLinks(articles, relations);
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

  /**
   * Returns whether a row was deleted. With `versions` (If-Match), only a row at one of them: the
   * check is part of the DELETE, so a concurrent write cannot slip in between.
   */
  async deleteById(id: string, versions?: readonly number[]): Promise<boolean> {
    const { affected } = await this.articles.delete({
      id,
      ...(versions !== undefined && { version: In([...versions]) }),
    });
    return affected === 1;
  }
}

/**
 * Only articles linked to the topic: an inner join on the join table, which has at most one row per
 * (article, topic), so no article repeats; IDX_article_topics_topic_id_article_id serves it.
 */
function filterByTopic(query: SelectQueryBuilder<ArticleEntity>, topicId: string): void {
  query.innerJoin(
    ArticleTopicEntity,
    'topic_filter',
    'topic_filter.articleId = article.id AND topic_filter.topicId = :topicId',
    { topicId },
  );
}

/** Relies on the unique constraint instead of a SELECT beforehand, which would race. */
function translateSlugViolation(error: unknown, slug: string | undefined): unknown {
  const isSlugViolation = violatedConstraint(error, UNIQUE_VIOLATION) === ARTICLE_SLUG_CONSTRAINT;
  return slug !== undefined && isSlugViolation ? new ArticleSlugTakenError(slug) : error;
}
