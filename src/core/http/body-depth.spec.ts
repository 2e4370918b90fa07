import { exceedsDepth } from './body-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe(exceedsDepth.name, () => {
  it('accepts scalars and structures at the maximum depth', () => {
    expect(exceedsDepth('text', 3)).toBe(false);
    expect(exceedsDepth(null, 3)).toBe(false);
    expect(exceedsDepth(nested(3), 3)).toBe(false);
  });

  it('rejects a structure one level deeper than the maximum', () => {
    expect(exceedsDepth(nested(4), 3)).toBe(true);
  });

  it('measures the deepest branch, not the first', () => {
    expect(exceedsDepth({ shallow: 1, deep: nested(3) }, 3)).toBe(true);
  });

  it('handles depths that would overflow a recursive walk', () => {
    expect(exceedsDepth(nested(100_000), 32)).toBe(true);
  });
});
