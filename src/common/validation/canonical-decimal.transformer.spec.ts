import { canonicalDecimal } from './canonical-decimal.transformer';

describe(canonicalDecimal.name, () => {
  it.each([
    ['12.5', 2, '12.50'],
    ['12', 2, '12.00'],
    ['007.25', 2, '7.25'],
    ['-0.5', 3, '-0.500'],
    ['-0.00', 2, '0.00'],
    ['-0', 0, '0'],
    ['000', 0, '0'],
    ['0.5', 3, '0.500'],
    ['-12', 0, '-12'],
  ])('writes %p at scale %p as PostgreSQL does: %p', (value, scale, expected) => {
    expect(canonicalDecimal(value, scale)).toBe(expected);
  });

  it.each([
    ['more fraction digits than the scale, which would round', '0.125', 2],
    ['an exponent', '1e3', 2],
    ['surrounding spaces', ' 1', 2],
    ['a plus sign', '+1', 2],
    ['a bare point', '1.', 2],
    ['a number', 12.5, 2],
  ])('leaves %s for the validators to reject', (_description, value, scale) => {
    expect(canonicalDecimal(value, scale)).toBe(value);
  });
});
