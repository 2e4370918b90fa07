import { keysetCondition } from './keyset';

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const TIME = '2026-01-02T03:04:05.678Z';
const nullable = { sort: 's', id: 'i', nullable: true };
const required = { sort: 's', id: 'i', nullable: false };

describe(keysetCondition.name, () => {
  it('seeks past the position with a row comparison in ascending order', () => {
    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }).sql).toBe('((s, i) > (:cursorValue, :cursorId))');
  });

  it('seeks past the position with a row comparison in descending order', () => {
    expect(keysetCondition(required, 'DESC', { value: TIME, id: ID }).sql).toBe('((s, i) < (:cursorValue, :cursorId))');
  });

  it('keeps the null rows that follow in ascending order (NULLS LAST)', () => {
    expect(keysetCondition(nullable, 'ASC', { value: TIME, id: ID }).sql).toBe(
      '((s, i) > (:cursorValue, :cursorId) OR s IS NULL)',
    );
  });

  it('continues among the null rows in ascending order when the position is null', () => {
    expect(keysetCondition(nullable, 'ASC', { value: null, id: ID }).sql).toBe('((s IS NULL AND i > :cursorId))');
  });

  it('continues with the null rows, then every non-null row, in descending order (NULLS FIRST)', () => {
    expect(keysetCondition(nullable, 'DESC', { value: null, id: ID }).sql).toBe(
      '((s IS NULL AND i < :cursorId) OR s IS NOT NULL)',
    );
  });

  it('binds the position as parameters, never inline', () => {
    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }).parameters).toEqual({
      cursorValue: TIME,
      cursorId: ID,
    });
  });
});
