/** The public surface of the topics module: other modules import from here only. */
export { TOPIC_NAME_MAX_LENGTH, TopicEntity } from './topic.entity';
export {
  TopicNameTakenError,
  TopicNotFoundError,
  TopicReferencedError,
  TopicVersionConflictError,
} from './topics.errors';
export { TopicsModule } from './topics.module';
export { TopicsService } from './topics.service';
