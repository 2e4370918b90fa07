import { keysetCondition, namedParameters } from './keyset';

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const TIME = '2026-01-02T03:04:05.678Z';
const nullable = { sort: 's', id: 'i', nullable: true };
const required = { sort: 's', id: 'i', nullable: false };

/** Numbers placeholders from `$4`, as after three earlier parameters of the same statement. */
function parametersAfterThree(): { values: unknown[]; bind: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    bind: (value) => {
      values.push(value);
      return `$${values.length + 3}`;
    },
  };
}

describe(keysetCondition.name, () => {
  it('seeks past the position with a row comparison in ascending order', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > ($4, $5))');
  });

  it('seeks past the position with a row comparison in descending order', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(required, 'DESC', { value: TIME, id: ID }, bind)).toBe('((s, i) < ($4, $5))');
  });

  it('keeps the null rows that follow in ascending order (NULLS LAST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > ($4, $5) OR s IS NULL)');
  });

  it('has no null rows to keep in descending order, where they came first (NULLS FIRST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'DESC', { value: TIME, id: ID }, bind)).toBe('((s, i) < ($4, $5))');
  });

  it('continues among the null rows in ascending order when the position is null', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'ASC', { value: null, id: ID }, bind)).toBe('((s IS NULL AND i > $4))');
  });

  it('continues with the null rows, then every non-null row, in descending order (NULLS FIRST)', () => {
    const { bind } = parametersAfterThree();
    expect(keysetCondition(nullable, 'DESC', { value: null, id: ID }, bind)).toBe(
      '((s IS NULL AND i < $4) OR s IS NOT NULL)',
    );
  });

  it('binds the position as parameters in placeholder order, never inline', () => {
    const { values, bind } = parametersAfterThree();
    const sql = keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind);

    expect(values).toEqual([TIME, ID]);
    expect(sql).not.toContain(TIME);
    expect(sql).not.toContain(ID);
  });

  it('binds only the id when the position is null', () => {
    const { values, bind } = parametersAfterThree();
    keysetCondition(nullable, 'ASC', { value: null, id: ID }, bind);

    expect(values).toEqual([ID]);
  });
});

describe(namedParameters.name, () => {
  it('numbers named placeholders and keeps the bound values by name', () => {
    const { bind, parameters } = namedParameters('after');

    expect(keysetCondition(required, 'ASC', { value: TIME, id: ID }, bind)).toBe('((s, i) > (:after0, :after1))');
    expect(parameters).toEqual({ after0: TIME, after1: ID });
  });
});
