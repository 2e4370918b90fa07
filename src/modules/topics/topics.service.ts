import { Injectable } from '@nestjs/common';
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
   * and in the UPDATE itself, which is what actually rules out lost updates.
   */
  async update(id: string, dto: UpdateTopicDto): Promise<TopicEntity> {
    const current = await this.get(id);
    if (current.version !== dto.version) throw new TopicVersionConflictError(id, dto.version);
    const changes: TopicChanges = {};
    if (dto.name !== undefined && dto.name !== current.name) changes.name = dto.name;
    if (Object.keys(changes).length === 0) return current;
    const updated = await this.topics.updateIfVersionMatches(id, dto.version, changes);
    if (updated === null) throw new TopicVersionConflictError(id, dto.version);
    return updated;
  }

  /** Throws TopicReferencedError (from the repository) while an article still uses the topic. */
  async delete(id: string): Promise<void> {
    const deleted = await this.topics.deleteById(id);
    if (!deleted) throw new TopicNotFoundError(id);
  }
}

function cursorAfter(topic: TopicEntity, sort: TopicSort, field: TopicSortField): CursorPosition {
  return new CursorPosition(sort, topic[field].toISOString(), topic.id);
}
