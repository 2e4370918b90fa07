import { type CursorPosition, encodeCursor } from './cursor';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface CursorPage<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only proves that a next page exists,
 * which avoids both a COUNT(*) and an empty last page.
 */
export function toCursorPage<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (row: T) => CursorPosition,
): CursorPage<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const hasMore = rows.length > limit;
  return { items, nextCursor: hasMore && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
