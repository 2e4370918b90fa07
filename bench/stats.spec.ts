import { median, percentileOfSorted, ratio, spread } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no samples', () => {
    expect(median([])).toBeNaN();
  });
});

describe('percentileOfSorted', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('returns the nearest-rank sample', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
  });

  it('returns the only sample for any percentile', () => {
    expect(percentileOfSorted([7], 1)).toBe(7);
    expect(percentileOfSorted([7], 99)).toBe(7);
  });

  it('is NaN for no samples', () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
  });
});

describe('ratio', () => {
  it('divides the value by the baseline', () => {
    expect(ratio(3, 4)).toBe(0.75);
  });

  it('is NaN when the baseline is zero or a side is missing', () => {
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(Number.NaN, 4)).toBeNaN();
    expect(ratio(3, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe('spread', () => {
  it('summarises finite values and ignores NaN', () => {
    expect(spread([0.8, Number.NaN, 0.7, 0.9])).toEqual({ median: 0.8, min: 0.7, max: 0.9 });
  });

  it('is all NaN when nothing is finite', () => {
    expect(spread([Number.NaN])).toEqual({ median: Number.NaN, min: Number.NaN, max: Number.NaN });
  });
});
