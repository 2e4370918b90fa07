import { codePointLength, hasCodePointLength } from './code-point-length.validator';

describe(codePointLength.name, () => {
  it('counts an astral character (two UTF-16 units) as one', () => {
    expect(codePointLength('a😀b')).toBe(3);
  });

  it('counts each code point of a combined emoji sequence, as PostgreSQL does', () => {
    expect(codePointLength('👍🏽')).toBe(2);
  });
});

describe(hasCodePointLength.name, () => {
  it('accepts exactly the maximum in astral characters', () => {
    expect(hasCodePointLength('😀'.repeat(5), 1, 5)).toBe(true);
  });

  it('rejects one character over the maximum', () => {
    expect(hasCodePointLength('😀'.repeat(6), 1, 5)).toBe(false);
  });

  it('rejects a value shorter than the minimum', () => {
    expect(hasCodePointLength('', 1, 5)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(hasCodePointLength(['abc'], 1, 5)).toBe(false);
  });
});
