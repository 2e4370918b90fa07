import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TopicEntity } from '../topics';
import { ArticleEntity } from './article.entity';

/** Named so the repository can tell an unknown topic (422) from any other failure. */
export const ARTICLE_TOPICS_ARTICLE_FK = 'FK_article_topics_article_id';
export const ARTICLE_TOPICS_TOPIC_FK = 'FK_article_topics_topic_id';

/**
 * One row per (article, topic): the join table of the many-to-many, as an entity of its own
 * rather than `@ManyToMany` + `@JoinTable` (docs/reference-module.md, "Many-to-many"): each side
 * needs its own ON DELETE and the topic side its own index, which `@JoinTable` cannot express.
 *
 * - Deleting an article deletes its rows (CASCADE); deleting a topic an article still uses fails
 *   (RESTRICT), which the topics repository answers with 409 TOPICS_REFERENCED.
 * - The primary key (article_id, topic_id) serves "the topics of an article"; the index
 *   (topic_id, article_id) serves "the articles of a topic" (the `?topicId=` filter) and the
 *   RESTRICT check on topic deletes.
 */
@Entity({ name: 'article_topics' })
@Index('IDX_article_topics_topic_id_article_id', ['topicId', 'articleId'])
export class ArticleTopicEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_article_topics' })
  articleId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_article_topics' })
  topicId!: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: ARTICLE_TOPICS_ARTICLE_FK })
  article?: ArticleEntity;

  /** Loaded only when a request includes topics. */
  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id', foreignKeyConstraintName: ARTICLE_TOPICS_TOPIC_FK })
  topic?: TopicEntity;
}
