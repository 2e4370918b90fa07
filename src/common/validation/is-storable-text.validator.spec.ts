import { isStorableText } from './is-storable-text.validator';

describe(isStorableText.name, () => {
  it.each(['', 'plain', 'émoji 😀 and 𝄞', '\u202Eright-to-left override', 'tab\tnewline\n'])('accepts %p', (text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD83D'],
    ['a lone low surrogate', '\uDE00b'],
    ['reversed surrogates', '\uDE00\uD83D'],
  ])('rejects %s', (_description, text) => {
    expect(isStorableText(text)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isStorableText(42)).toBe(false);
  });
});
