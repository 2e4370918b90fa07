import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Length in Unicode code points: what PostgreSQL's varchar(n) and JSON Schema's maxLength count.
 * class-validator's `@Length` counts UTF-16 units, so an emoji would count twice there and a
 * value the column accepts would be rejected.
 */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

export function hasCodePointLength(value: unknown, min: number, max: number): boolean {
  if (typeof value !== 'string') return false;
  // A code point takes at most two UTF-16 units: cheap rejection of oversized input before counting.
  if (value.length > 2 * max) return false;
  const length = codePointLength(value);
  return length >= min && length <= max;
}

/** Use instead of `@Length`/`@MaxLength` so the limit agrees with a `varchar(max)` column. */
export function CodePointLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'codePointLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => hasCodePointLength(value, min, max),
        defaultMessage: () => `must be between ${min} and ${max} characters long`,
      },
    },
    options,
  );
}
