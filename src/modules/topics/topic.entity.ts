import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** Limits shared by the column, the validators and the OpenAPI schema, so the three always agree. */
export const TOPIC_NAME_MAX_LENGTH = 60;

/** Named so the repository can recognise its unique violation and report a taken name. */
export const TOPIC_NAME_CONSTRAINT = 'UQ_topics_name';

/** Timestamps keep millisecond precision, what a JavaScript Date holds, so cursors round-trip exactly. */
const TIMESTAMP_PRECISION = 3;

@Entity({ name: 'topics' })
@Unique(TOPIC_NAME_CONSTRAINT, ['name'])
@Index('IDX_topics_created_at_id', ['createdAt', 'id'])
export class TopicEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: TOPIC_NAME_MAX_LENGTH })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  updatedAt!: Date;

  /** Optimistic concurrency: clients send the version they read, updates match it atomically. */
  @VersionColumn()
  version!: number;
}
