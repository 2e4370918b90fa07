import { Injectable } from '@nestjs/common';
import { assertIfMatch, PreconditionFailedError } from '../../common/errors';
import { type CursorPage, CursorPosition, parseSort, toCursorPage } from '../../common/pagination';
import type { CreateTopicDto } from './dto/create-topic.dto';
import type { ListTopicsQueryDto, TopicSort, TopicSortField } from './dto/list-topics-query.dto';
import type { UpdateTopicDto } from './dto/update-topic.dto';
import type { TopicEntity } from './topic.entity';
import { TopicNotFoundError, TopicVersionConflictError } from './topics.errors';
import { type TopicChanges, TopicsRepository } from './topics.repository';

@Injectable()
export class TopicsService {
  constructor(private readonly topics: TopicsRepository) {}

  create(dto: CreateTopicDto): Promise<TopicEntity> {
    return this.topics.insert({ name: dto.name });
  }

  async list(query: ListTopicsQueryDto): Promise<CursorPage<TopicEntity>> {
    const order = parseSort<TopicSortField>(query.sort);
    const rows = await this.topics.findPage({ order, take: query.limit + 1, after: query.cursor });
    return toCursorPage(rows, query.limit, (topic) => cursorAfter(topic, query.sort, order.field));
  }

  async get(id: string): Promise<TopicEntity> {
    const topic = await this.topics.findById(id);
    if (topic === null) throw new TopicNotFoundError(id);
    return topic;
  }

  /** The subset of `ids` that name no topic, in their original order (for error pointers). */
  async findUnknownIds(ids: readonly string[]): Promise<string[]> {
    const existing = await this.topics.findExistingIds(ids);
    return ids.filter((id) => !existing.has(id));
  }

  /**
   * The version is checked twice on purpose: against the row just read, for a cheap early answer,
   * and in the UPDATE itself, which is what actually rules out lost updates. `ifMatch` (the
   * versions If-Match names, when sent) is checked first: 412 when it fails, 409 for the body's.
   */
  async update(id: string, dto: UpdateTopicDto, ifMatch?: readonly number[]): Promise<TopicEntity> {
    const current = await this.get(id);
    assertIfMatch(ifMatch, current.version);
    if (current.version !== dto.version) throw new TopicVersionConflictError(id, dto.version);
    const changes: TopicChanges = {};
    if (dto.name !== undefined && dto.name !== current.name) changes.name = dto.name;
    if (Object.keys(changes).length === 0) return current;
    const updated = await this.topics.updateIfVersionMatches(id, dto.version, changes);
    if (updated === null) {
      throw ifMatch === undefined ? new TopicVersionConflictError(id, dto.version) : new PreconditionFailedError();
    }
    return updated;
  }

  /** Throws TopicReferencedError (from the repository) while an article still uses the topic. */
  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    if (await this.topics.deleteById(id, ifMatch)) return;
    // Nothing matched: with If-Match, the topic may exist at another version (412) rather than not at all.
    if (ifMatch === undefined || (await this.topics.findById(id)) === null) throw new TopicNotFoundError(id);
    throw new PreconditionFailedError();
  }
}

function cursorAfter(topic: TopicEntity, sort: TopicSort, field: TopicSortField): CursorPosition {
  return new CursorPosition(sort, topic[field].toISOString(), topic.id);
}
