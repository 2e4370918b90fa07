import { withoutUnchanged } from './without-unchanged';

interface Row {
  title: string;
  rank: number | null;
  dueAt: Date | null;
  tags: string[];
  meta: Record<string, unknown> | null;
}

const STORED: Row = {
  title: 'Title',
  rank: 3,
  dueAt: new Date('2026-01-31T12:00:00.000Z'),
  tags: ['one', 'two'],
  meta: { source: 'example', nested: { level: 2 } },
};

describe(withoutUnchanged.name, () => {
  it('drops every member equal to the stored value, by content', () => {
    const changes: Partial<Row> = {
      title: 'Title',
      rank: 3,
      dueAt: new Date('2026-01-31T12:00:00.000Z'),
      tags: ['one', 'two'],
      meta: { nested: { level: 2 }, source: 'example' },
    };

    expect(withoutUnchanged(STORED, changes)).toEqual({});
  });

  it('keeps every member that differs, and only those', () => {
    const changes: Partial<Row> = {
      title: 'Title',
      rank: null,
      dueAt: new Date('2026-01-31T12:00:00.001Z'),
      tags: ['two', 'one'],
      meta: { source: 'example', nested: { level: 3 } },
    };

    expect(withoutUnchanged(STORED, changes)).toEqual({
      rank: null,
      dueAt: new Date('2026-01-31T12:00:00.001Z'),
      tags: ['two', 'one'],
      meta: { source: 'example', nested: { level: 3 } },
    });
  });

  it('tells a value from null, and a string from the number it spells', () => {
    const stored: Row = { ...STORED, rank: null, meta: null };

    expect(withoutUnchanged(stored, { rank: 0, meta: {} })).toEqual({ rank: 0, meta: {} });
    expect(withoutUnchanged<{ total: string | number }, { total: string }>({ total: 12 }, { total: '12' })).toEqual({
      total: '12',
    });
  });

  it('leaves the changes it was given alone', () => {
    const changes: Partial<Row> = { title: 'Title', rank: 4 };

    withoutUnchanged(STORED, changes);

    expect(changes).toEqual({ title: 'Title', rank: 4 });
  });
});
