import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString } from 'class-validator';
import { boundInput, inputShapeOf } from './bounded-input';

class Note {
  @IsString()
  title!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  tags?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5, { each: true })
  matrix?: number[][];
}

class VersionedNote extends Note {
  @IsInt()
  version!: number;
}

const MAX_UNKNOWN = 2;

describe(inputShapeOf.name, () => {
  it('knows the properties with rules, inherited ones included', () => {
    expect([...inputShapeOf(VersionedNote).properties].sort()).toEqual(['matrix', 'tags', 'title', 'version']);
  });

  it('knows the @ArrayMaxSize of a property, not one that applies to each item', () => {
    expect(inputShapeOf(VersionedNote).arrayCaps).toEqual(new Map([['tags', 3]]));
  });

  it('reads a DTO once', () => {
    expect(inputShapeOf(Note)).toBe(inputShapeOf(Note));
  });
});

describe(boundInput.name, () => {
  const shape = inputShapeOf(VersionedNote);

  it('returns the value itself when nothing has to be left out', () => {
    const value = { title: 't', tags: ['a', 'b', 'c', 'd'], version: 1 };

    expect(boundInput(value, shape, MAX_UNKNOWN)).toEqual({ value, reduced: false, unknownLeftOut: 0 });
    expect(boundInput(value, shape, MAX_UNKNOWN).value).toBe(value);
  });

  it('keeps the first unknown members, without their values, and counts the others', () => {
    const value = { a: { deep: [1, 2, 3] }, title: 't', b: 'x', c: 1, d: 2 };

    const bounded = boundInput(value, shape, MAX_UNKNOWN);

    expect(bounded).toEqual({ value: { a: null, title: 't', b: null }, reduced: true, unknownLeftOut: 2 });
    expect(Object.keys(bounded.value)).toEqual(['a', 'title', 'b']);
  });

  it('cuts an array to one item over its cap, leaving the given value as it was', () => {
    const tags = Array.from({ length: 1_000 }, (_, index) => `tag-${index}`);
    const value = { title: 't', tags };

    const bounded = boundInput(value, shape, MAX_UNKNOWN);

    expect(bounded).toEqual({ value: { title: 't', tags: tags.slice(0, 4) }, reduced: true, unknownLeftOut: 0 });
    expect(value.tags).toHaveLength(1_000);
  });

  it('keeps a member named __proto__ as a member', () => {
    const value = JSON.parse('{"title":"t","__proto__":{"polluted":true}}') as Record<string, unknown>;

    const bounded = boundInput(value, shape, MAX_UNKNOWN);

    expect(Object.keys(bounded.value)).toEqual(['title', '__proto__']);
    expect(Object.getPrototypeOf(bounded.value)).toBe(Object.prototype);
  });
});
