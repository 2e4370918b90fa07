import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { UserEntity } from '../users';

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_DEFAULT_STATUS: ArticleStatus = 'draft';

/** Limits shared by the columns, the validators and the OpenAPI schema, so the three always agree. */
export const ARTICLE_SLUG_MAX_LENGTH = 120;
export const ARTICLE_TITLE_MAX_LENGTH = 200;
export const ARTICLE_BODY_MAX_LENGTH = 100_000;
export const ARTICLE_TAGS_MAX_COUNT = 20;
export const ARTICLE_TAG_MAX_LENGTH = 40;
export const ARTICLE_TOPICS_MAX_COUNT = 10;

/** Named so the repository can recognise its unique violation and report a taken slug. */
export const ARTICLE_SLUG_CONSTRAINT = 'UQ_articles_slug';

/** Named like every foreign key, so a migration diff names what changed. */
export const ARTICLE_AUTHOR_CONSTRAINT = 'FK_articles_author_id';

/** Timestamps keep millisecond precision, what a JavaScript Date holds, so cursors round-trip exactly. */
const TIMESTAMP_PRECISION = 3;

@Entity({ name: 'articles' })
@Unique(ARTICLE_SLUG_CONSTRAINT, ['slug'])
@Index('IDX_articles_created_at_id', ['createdAt', 'id'])
@Index('IDX_articles_published_at_id', ['publishedAt', 'id'])
@Index('IDX_articles_tags', ['tags'], { type: 'gin' })
@Index('IDX_articles_author_id_created_at_id', ['authorId', 'createdAt', 'id'])
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: ARTICLE_SLUG_MAX_LENGTH })
  slug!: string;

  @Column({ type: 'varchar', length: ARTICLE_TITLE_MAX_LENGTH })
  title!: string;

  /** A text column with the limit enforced by validation: varchar(100000) would add nothing. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: ARTICLE_TAG_MAX_LENGTH, array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'enum', enum: ARTICLE_STATUSES, enumName: 'article_status', default: ARTICLE_DEFAULT_STATUS })
  status!: ArticleStatus;

  /**
   * The user who created the article, taken from the access token, never from the request body;
   * only they (and admins) may change or delete it. Deleting the user sets it to null (ON DELETE
   * SET NULL): the article stays, and only admins may change it from then on.
   */
  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  /** For the foreign key only; never loaded. */
  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: ARTICLE_AUTHOR_CONSTRAINT })
  author?: UserEntity;

  /** Set when the article becomes published; kept when archived, cleared when back to draft. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  updatedAt!: Date;

  /** Optimistic concurrency: clients send the version they read, updates match it atomically. */
  @VersionColumn()
  version!: number;

  /**
   * The article's rows of `article_topics` (ArticleTopicEntity), filled by the repository: joined
   * into the same query for one article, one query per list page. Not a TypeORM relation: the
   * join entity points here, and a relation back would make the two files import each other.
   */
  topicLinks!: ArticleTopicLink[];
}

/** A topic as an article embeds it (`?include=topics`). */
export interface ArticleTopic {
  readonly id: string;
  readonly name: string;
}

/** What an article needs of a row of `article_topics`; `topic` is loaded only when topics are included. */
export interface ArticleTopicLink {
  readonly topicId: string;
  readonly topic?: ArticleTopic;
}

/** What list pages carry: everything but the body, so a page of 100 articles stays small. */
export type ArticleSummary = Omit<ArticleEntity, 'body' | 'author'>;
