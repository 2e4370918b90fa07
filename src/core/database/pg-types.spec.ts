import { types } from 'pg';
import { PG_TYPES } from './pg-types';

/** node-postgres types parsers as `any`; tests read them through their real shape. */
function parse(oid: typeof types.builtins.DATE, text: string): unknown {
  const parser = PG_TYPES.getTypeParser(oid, 'text') as (value: string) => unknown;
  return parser(text);
}

describe('PG_TYPES', () => {
  it('keeps a date as PostgreSQL writes it, without a time zone', () => {
    expect(parse(types.builtins.DATE, '2026-01-31')).toBe('2026-01-31');
  });

  it('leaves every other type to node-postgres', () => {
    expect(parse(types.builtins.INT4, '42')).toBe(42);
    expect(parse(types.builtins.TIMESTAMPTZ, '2026-01-31 12:00:00+00')).toEqual(new Date('2026-01-31T12:00:00.000Z'));
  });
});
