import { ArrayMaxSize, IsArray, IsString, ValidateBy, arrayUnique, validateSync } from 'class-validator';
import fc from 'fast-check';
import { ArrayDistinct, eachItem, hasDistinctItems } from './capped-array.validators';

const MAX_TAGS = 3;
let itemChecks = 0;

/** A per-item rule that counts its calls, to see which work was skipped. */
function CountedItem(options: Parameters<typeof eachItem>[1] = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'countedItem',
      validator: {
        validate: () => {
          itemChecks++;
          return true;
        },
      },
    },
    eachItem(MAX_TAGS, options),
  );
}

class Tagged {
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @ArrayDistinct(MAX_TAGS)
  @IsString(eachItem(MAX_TAGS))
  @CountedItem()
  tags!: unknown;
}

/** Each message class-validator reports for `tags`. */
function tagErrors(tags: unknown): string[] {
  return validateSync(Object.assign(new Tagged(), { tags })).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(hasDistinctItems.name, () => {
  it("decides as class-validator's arrayUnique for any JSON array", () => {
    const item = fc.oneof(
      fc.string({ maxLength: 2 }),
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        expect(hasDistinctItems(items)).toBe(arrayUnique(items));
      }),
    );
  });

  it('compares objects by reference, as arrayUnique does', () => {
    const shared = {};

    expect(hasDistinctItems([{}, {}])).toBe(true);
    expect(hasDistinctItems([shared, shared])).toBe(false);
  });

  it('is false for anything but an array', () => {
    expect(hasDistinctItems('ab')).toBe(false);
    expect(hasDistinctItems(undefined)).toBe(false);
  });
});

describe('ArrayDistinct and eachItem', () => {
  beforeEach(() => {
    itemChecks = 0;
  });

  it('accepts distinct strings within the cap, checking each item once per rule', () => {
    expect(tagErrors(['a', 'b', 'c'])).toEqual([]);
    expect(itemChecks).toBe(3);
  });

  it("reports duplicates with class-validator's message", () => {
    expect(tagErrors(['a', 'b', 'a'])).toEqual(["All tags's elements must be unique"]);
  });

  it('reports a non-string item within the cap', () => {
    expect(tagErrors(['a', 1])).toEqual(['each value in tags must be a string']);
  });

  it('reports only the size of an array over the cap, without looking at its items', () => {
    expect(tagErrors(['a', 'a', 1, 2, 3])).toEqual([`tags must contain no more than ${MAX_TAGS} elements`]);
    expect(itemChecks).toBe(0);
  });

  it('checks a value that is not an array as before', () => {
    expect(tagErrors('a')).toEqual(
      expect.arrayContaining(['tags must be an array', "All tags's elements must be unique"]),
    );
  });

  it('refuses 100 000 distinct items over the cap without visiting them', () => {
    const tags = Array.from({ length: 100_000 }, (_, index) => index);
    itemChecks = 0;

    expect(tagErrors(tags)).toEqual([`tags must contain no more than ${MAX_TAGS} elements`]);
    expect(itemChecks).toBe(0);
  });
});
