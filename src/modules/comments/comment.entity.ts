import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { ArticleEntity } from '../articles';

/** Limits shared by the columns, the validators and the OpenAPI schema, so the three always agree. */
export const COMMENT_AUTHOR_MAX_LENGTH = 80;
export const COMMENT_BODY_MAX_LENGTH = 10_000;

/** Named so the repository can recognise its foreign-key violation and report an unknown article. */
export const COMMENT_ARTICLE_CONSTRAINT = 'FK_comments_article_id';

/** Timestamps keep millisecond precision, what a JavaScript Date holds, so cursors round-trip exactly. */
const TIMESTAMP_PRECISION = 3;

/**
 * A comment belongs to one article and goes with it: the foreign key deletes an article's comments
 * in the same statement that deletes the article.
 */
@Entity({ name: 'comments' })
@Index('IDX_comments_article_id_created_at_id', ['articleId', 'createdAt', 'id'])
@Index('IDX_comments_created_at_id', ['createdAt', 'id'])
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The foreign key as a plain column, so writes and filters need no article object. */
  @Column({ type: 'uuid' })
  articleId!: string;

  /** Loaded only by queries that join it (`?include=article`), and then only with its summary columns. */
  @ManyToOne(() => ArticleEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: COMMENT_ARTICLE_CONSTRAINT })
  article?: ArticleEntity;

  @Column({ type: 'varchar', length: COMMENT_AUTHOR_MAX_LENGTH })
  author!: string;

  /** A text column with the limit enforced by validation: varchar(10000) would add nothing. */
  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  updatedAt!: Date;

  /** Optimistic concurrency: clients send the version they read, updates match it atomically. */
  @VersionColumn()
  version!: number;
}

/** The article columns a comment embeds with `?include=article`: enough to show and link it. */
export type CommentArticle = Pick<ArticleEntity, 'id' | 'slug' | 'title' | 'status'>;

/** A comment as the repository returns it: the article, when joined, carries its summary columns only. */
export type Comment = Omit<CommentEntity, 'article'> & { article?: CommentArticle };
