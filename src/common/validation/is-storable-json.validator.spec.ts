import { isStorableJson } from './is-storable-json.validator';

describe(isStorableJson.name, () => {
  it.each([{}, { a: 1, b: [true, null, 'x'], c: { d: 'émoji 😀' } }])('accepts %p', (value) => {
    expect(isStorableJson(value)).toBe(true);
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'text'],
    ['null', null],
    ['a NUL in a nested value', { a: { b: ['ok', 'n\u0000l'] } }],
    ['a NUL in a key', { 'k\u0000': 1 }],
    ['a lone surrogate', { a: '\uD83D' }],
  ])('rejects %s', (_description, value) => {
    expect(isStorableJson(value)).toBe(false);
  });

  it('checks a deeply nested object without overflowing the stack', () => {
    let nested: Record<string, unknown> = { leaf: 'n\u0000l' };
    for (let depth = 0; depth < 100_000; depth += 1) nested = { nested };

    expect(isStorableJson(nested)).toBe(false);
  });
});
