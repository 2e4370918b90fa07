export { CursorPosition, decodeCursor, encodeCursor } from './cursor';
export { type CursorPage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, toCursorPage } from './cursor-page';
export { IsCursor, QueryCursor } from './cursor-query.decorators';
export {
  type BindParameter,
  type KeysetColumns,
  type KeysetPosition,
  keysetCondition,
  type NamedParameters,
  namedParameters,
} from './keyset';
export { type SortDirection, type SortOrder, type SortValue, parseSort, sortValues } from './sort';
