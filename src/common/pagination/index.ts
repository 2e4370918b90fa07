export { CursorPosition, decodeCursor, encodeCursor } from './cursor';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, toCursorPage, type CursorPage } from './cursor-page';
export { IsCursor, QueryCursor } from './cursor-query.decorators';
export {
  keysetCondition,
  namedParameters,
  type BindParameter,
  type KeysetColumns,
  type KeysetPosition,
  type NamedParameters,
} from './keyset';
export { PageQuery, type PageQueryMembers, type PageQueryOptions } from './page-query';
export { parseSort, sortValues, type SortDirection, type SortOrder, type SortValue } from './sort';
