import { PageQuery, type SortValue, sortValues } from '../../../common/pagination';

/** Creation time, like articles: the shared keyset helpers and one (created_at, id) index serve it. */
export const TOPIC_SORT_FIELDS = ['createdAt'] as const;
export type TopicSortField = (typeof TOPIC_SORT_FIELDS)[number];
export const TOPIC_SORTS = sortValues(TOPIC_SORT_FIELDS);
export type TopicSort = SortValue<TopicSortField>;

export class ListTopicsQueryDto extends PageQuery(TOPIC_SORTS, '-createdAt') {}
