import { CursorPosition, decodeCursor } from './cursor';
import { toCursorPage } from './cursor-page';

interface Row {
  readonly id: string;
}

const rows: Row[] = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'].map((id) => ({
  id,
}));
const positionOf = (row: Row): CursorPosition => new CursorPosition('id', null, row.id);

describe(toCursorPage.name, () => {
  it('returns at most `limit` items', () => {
    expect(toCursorPage(rows, 1, positionOf).items).toEqual([rows[0]]);
  });

  it('points the next cursor at the last returned item when more rows exist', () => {
    const page = toCursorPage(rows, 1, positionOf);

    expect(decodeCursor(page.nextCursor!)).toEqual(positionOf(rows[0]!));
  });

  it('has no next cursor when every row fits', () => {
    expect(toCursorPage(rows, 2, positionOf).nextCursor).toBeNull();
  });

  it('has no next cursor for an empty result', () => {
    expect(toCursorPage([], 2, positionOf)).toEqual({ items: [], nextCursor: null });
  });
});
