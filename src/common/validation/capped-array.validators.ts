import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * class-validator runs every rule of a property whatever the others found: on an array far over
 * its `@ArrayMaxSize` (100 000 tags fit in a 1 MiB body), `@ArrayUnique` compares every pair of
 * items (~10 s with the event loop blocked) and each `{ each: true }` rule still visits every item.
 * The helpers below skip that work on an array longer than its cap, which `@ArrayMaxSize` already
 * rejects, so the answer costs no more than the size check:
 *
 *     @IsArray()
 *     @ArrayMaxSize(MAX)
 *     @ArrayDistinct(MAX)
 *     @IsString(eachItem(MAX))
 */
export function exceedsArrayCap(value: unknown, maxSize: number): boolean {
  return Array.isArray(value) && value.length > maxSize;
}

/**
 * Options of a per-item rule on an array of at most `maxSize` items: `{ each: true }`, not run on a
 * longer array. A value that is not an array is checked as without the cap (`@IsArray` reports it).
 */
export function eachItem(
  maxSize: number,
  options: Omit<ValidationOptions, 'each' | 'validateIf'> = {},
): ValidationOptions {
  return { ...options, each: true, validateIf: (_object: object, value: unknown) => !exceedsArrayCap(value, maxSize) };
}

/**
 * Same equality as `@ArrayUnique` for JSON values (strict, objects by reference), in linear time.
 * False for anything but an array, as `arrayUnique`.
 */
export function hasDistinctItems(value: unknown): boolean {
  return Array.isArray(value) && new Set(value).size === value.length;
}

/**
 * `@ArrayUnique()` in linear time, not run on an array longer than `maxSize` (the size error is
 * enough). Keeps class-validator's message, so clients see the same error.
 */
export function ArrayDistinct(
  maxSize: number,
  options: Omit<ValidationOptions, 'each' | 'validateIf'> = {},
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'arrayUnique',
      validator: {
        validate: hasDistinctItems,
        defaultMessage: () => "All $property's elements must be unique",
      },
    },
    { ...options, validateIf: (_object: object, value: unknown) => !exceedsArrayCap(value, maxSize) },
  );
}
