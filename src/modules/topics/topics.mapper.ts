import type { CursorPage } from '../../common/pagination';
import type { TopicPageResponseDto } from './dto/topic-page-response.dto';
import type { TopicResponseDto } from './dto/topic-response.dto';
import type { TopicEntity } from './topic.entity';

export function toTopicResponse(topic: TopicEntity): TopicResponseDto {
  return {
    id: topic.id,
    name: topic.name,
    createdAt: topic.createdAt.toISOString(),
    updatedAt: topic.updatedAt.toISOString(),
    version: topic.version,
  };
}

export function toTopicPageResponse(page: CursorPage<TopicEntity>): TopicPageResponseDto {
  return { items: page.items.map(toTopicResponse), nextCursor: page.nextCursor };
}
