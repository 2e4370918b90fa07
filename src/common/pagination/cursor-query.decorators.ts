import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { CursorPosition, decodeCursor } from './cursor';

/** Decodes the `cursor` query parameter; anything undecodable is left as is for `@IsCursor()` to reject. */
export function QueryCursor(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (decodeCursor(value) ?? value) : value,
  );
}

/**
 * The cursor must have been issued by this listing with the same sort (`sortProperty` names the
 * query's sort property): resuming a `-createdAt` walk with `publishedAt` order would skip rows.
 */
export function IsCursor(sortProperty: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCursor',
      constraints: [sortProperty],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value instanceof CursorPosition && value.sort === readProperty(args?.object, sortProperty),
        defaultMessage: () => 'must be a nextCursor returned by this listing with the same sort',
      },
    },
    options,
  );
}

function readProperty(object: object | undefined, property: string): unknown {
  return object === undefined ? undefined : (object as Record<string, unknown>)[property];
}
