import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type Repository } from 'typeorm';
import { FOREIGN_KEY_VIOLATION, RESTRICT_VIOLATION, UNIQUE_VIOLATION, violatedConstraint } from '../../common/database';
import { type CursorPosition, keysetCondition, namedParameters, type SortOrder } from '../../common/pagination';
import type { TopicSortField } from './dto/list-topics-query.dto';
import { TOPIC_NAME_CONSTRAINT, TopicEntity } from './topic.entity';
import { TopicNameTakenError, TopicReferencedError } from './topics.errors';

/** The property each sort field orders by, and whether it holds nulls (the keyset condition places them). */
const SORT_PROPERTIES: Readonly<Record<TopicSortField, { readonly property: string; readonly nullable: boolean }>> = {
  createdAt: { property: 'topic.createdAt', nullable: false },
};

export type NewTopic = Pick<TopicEntity, 'name'>;
export type TopicChanges = Partial<NewTopic>;

export interface TopicPageRequest {
  readonly order: SortOrder<TopicSortField>;
  /** Rows to fetch; the service asks for one more than the page size to learn whether more exist. */
  readonly take: number;
  readonly after?: CursorPosition;
}

/** The only place that talks to TypeORM about topics. */
@Injectable()
export class TopicsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The topics repository of the current transaction, if a service opened one (decision 0104). */
  private get topics(): Repository<TopicEntity> {
    return this.txHost.tx.getRepository(TopicEntity);
  }

  /** One INSERT … RETURNING, the columns the database fills merged into the entity. */
  async insert(values: NewTopic): Promise<TopicEntity> {
    try {
      const entity = this.topics.create(values);
      const { generatedMaps } = await this.topics.insert(entity);
      return this.topics.merge(entity, ...generatedMaps);
    } catch (error) {
      throw translateNameViolation(error, values.name);
    }
  }

  findById(id: string): Promise<TopicEntity | null> {
    return this.topics.findOneBy({ id });
  }

  /** Which of `ids` name an existing topic: one indexed lookup, whatever the number of ids. */
  async findExistingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.topics.find({ select: { id: true }, where: { id: In([...ids]) } });
    return new Set(rows.map((row) => row.id));
  }

  /** A keyset page (decision 0100) in (createdAt, id) order, served by IDX_topics_created_at_id. */
  findPage(page: TopicPageRequest): Promise<TopicEntity[]> {
    const { field, direction } = page.order;
    const sort = SORT_PROPERTIES[field];
    const query = this.topics.createQueryBuilder('topic');
    if (page.after !== undefined) {
      const { bind, parameters } = namedParameters('after');
      const columns = { sort: sort.property, id: 'topic.id', nullable: sort.nullable };
      query.where(keysetCondition(columns, direction, page.after, bind), parameters);
    }
    return query
      .orderBy(sort.property, direction, direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('topic.id', direction)
      .limit(page.take)
      .getMany();
  }

  /**
   * Applies `changes` only if the row is still at `expectedVersion`, in one UPDATE, so a concurrent
   * writer can never be overwritten. TypeORM bumps `version` and `updatedAt` itself. Returns null
   * when no row matched: the topic was changed or deleted meanwhile.
   */
  async updateIfVersionMatches(
    id: string,
    expectedVersion: number,
    changes: TopicChanges,
  ): Promise<TopicEntity | null> {
    let affected: number | undefined;
    try {
      ({ affected } = await this.topics.update({ id, version: expectedVersion }, changes));
    } catch (error) {
      throw translateNameViolation(error, changes.name);
    }
    return affected === 1 ? this.findById(id) : null;
  }

  /**
   * Returns whether a row was deleted. The join table's ON DELETE RESTRICT foreign key refuses to
   * delete a topic an article still uses; that violation is the answer, not a SELECT beforehand,
   * which would race with an article taking the topic meanwhile. Any foreign key violation of this
   * DELETE means a row still references the topic, whichever table it is in: 23001 for a RESTRICT
   * key, 23503 for a NO ACTION one. With `versions` (If-Match), only a row at one of them: the check
   * is part of the DELETE, so a concurrent write cannot slip in between.
   */
  async deleteById(id: string, versions?: readonly number[]): Promise<boolean> {
    try {
      const { affected } = await this.topics.delete({
        id,
        ...(versions !== undefined && { version: In([...versions]) }),
      });
      return affected === 1;
    } catch (error) {
      const isReferenced =
        violatedConstraint(error, RESTRICT_VIOLATION) !== undefined ||
        violatedConstraint(error, FOREIGN_KEY_VIOLATION) !== undefined;
      throw isReferenced ? new TopicReferencedError(id) : error;
    }
  }
}

/** Relies on the unique constraint instead of a SELECT beforehand, which would race. */
function translateNameViolation(error: unknown, name: string | undefined): unknown {
  const isNameViolation = violatedConstraint(error, UNIQUE_VIOLATION) === TOPIC_NAME_CONSTRAINT;
  return name !== undefined && isNameViolation ? new TopicNameTakenError(name) : error;
}
