import { parseSort, sortValues } from './sort';

describe(parseSort.name, () => {
  it('reads a bare field as ascending', () => {
    expect(parseSort('createdAt')).toEqual({ field: 'createdAt', direction: 'ASC' });
  });

  it('reads a leading minus as descending', () => {
    expect(parseSort('-createdAt')).toEqual({ field: 'createdAt', direction: 'DESC' });
  });
});

describe(sortValues.name, () => {
  it('lists both directions of every field', () => {
    expect(sortValues(['a', 'b'])).toEqual(['a', '-a', 'b', '-b']);
  });
});
