import { PageQuery, type SortValue, sortValues } from '../../../common/pagination';

export const COMMENT_SORT_FIELDS = ['createdAt'] as const;
export type CommentSortField = (typeof COMMENT_SORT_FIELDS)[number];
export const COMMENT_SORTS = sortValues(COMMENT_SORT_FIELDS);
export type CommentSort = SortValue<CommentSortField>;

/** The page of one article's comments (`/v1/articles/:articleId/comments`): paging only. */
export class ListArticleCommentsQueryDto extends PageQuery(COMMENT_SORTS, '-createdAt') {}
