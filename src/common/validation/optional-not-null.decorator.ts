import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The property may be omitted, but `null` is validated like any other value (and so rejected by
 * the type validators). `@IsOptional()` would let `null` through to a NOT NULL column.
 */
export function OptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
