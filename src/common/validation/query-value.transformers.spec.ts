import { parseQueryBoolean, parseQueryInteger } from './query-value.transformers';

describe(parseQueryInteger.name, () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['100', 100],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('converts the plain decimal %p to %p', (input, expected) => {
    expect(parseQueryInteger(input)).toBe(expected);
  });

  it.each(['1e3', '0x10', ' 12 ', '12 ', '', 'abc', 'Infinity', '-1', '+1', '1.5', '١٢', '9007199254740993'])(
    'leaves %p unconverted so integer validation rejects it',
    (input) => {
      expect(parseQueryInteger(input)).toBe(input);
    },
  );

  it('leaves repeated parameters (arrays) unconverted', () => {
    expect(parseQueryInteger(['1', '2'])).toEqual(['1', '2']);
  });
});

describe(parseQueryBoolean.name, () => {
  it.each([
    ['true', true],
    ['false', false],
  ])('converts %p to %p', (input, expected) => {
    expect(parseQueryBoolean(input)).toBe(expected);
  });

  it.each(['TRUE', 'False', '1', '0', 'yes', 'no', 'on', ''])('leaves %p unconverted', (input) => {
    expect(parseQueryBoolean(input)).toBe(input);
  });
});
