import { randomBytes } from 'node:crypto';
import type { CreateTopicDto } from '../../src/modules/topics/dto/create-topic.dto';

/** The create body as a plain object type, so tests can spread and override it freely. */
export type TopicPayload = Pick<CreateTopicDto, keyof CreateTopicDto>;

let sequence = 0;

/** A valid create-topic body; names are unique across calls and test files (random part). */
export function buildTopic(overrides: Partial<TopicPayload> = {}): TopicPayload {
  sequence += 1;
  return { name: `Topic ${sequence} ${randomBytes(4).toString('hex')}`, ...overrides };
}
