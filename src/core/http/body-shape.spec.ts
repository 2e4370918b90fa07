import { bodyShapeProblem } from './body-shape';

const LIMITS = { maxDepth: 3, maxNestedMembers: 4 };

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

function objectOf(members: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: members }, (_, index) => [`m${index}`, index]));
}

describe(bodyShapeProblem.name, () => {
  it('accepts scalars and structures at the maximum depth', () => {
    expect(bodyShapeProblem('text', LIMITS)).toBeUndefined();
    expect(bodyShapeProblem(null, LIMITS)).toBeUndefined();
    expect(bodyShapeProblem(nested(3), LIMITS)).toBeUndefined();
  });

  it('rejects a structure one level deeper than the maximum', () => {
    expect(bodyShapeProblem(nested(4), LIMITS)).toBe('too-deep');
  });

  it('measures the deepest branch, not the first', () => {
    expect(bodyShapeProblem({ shallow: 1, deep: nested(3) }, LIMITS)).toBe('too-deep');
  });

  it('handles depths that would overflow a recursive walk', () => {
    expect(bodyShapeProblem(nested(100_000), { maxDepth: 32, maxNestedMembers: 1_000 })).toBe('too-deep');
  });

  it('accepts nested objects with the maximum number of members', () => {
    expect(bodyShapeProblem({ field: objectOf(4), list: [objectOf(4)] }, LIMITS)).toBeUndefined();
  });

  it('rejects a nested object, or one inside an array, with one member too many', () => {
    expect(bodyShapeProblem({ field: objectOf(5) }, LIMITS)).toBe('too-many-members');
    expect(bodyShapeProblem({ list: [1, objectOf(5)] }, LIMITS)).toBe('too-many-members');
  });

  it("leaves the body's own members to the validation pipe", () => {
    expect(bodyShapeProblem(objectOf(60_000), LIMITS)).toBeUndefined();
  });

  it('never caps array items: the pipe bounds them by each array field', () => {
    expect(bodyShapeProblem({ list: Array.from({ length: 100 }, () => 1) }, LIMITS)).toBeUndefined();
  });
});
