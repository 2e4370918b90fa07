import { Transform } from 'class-transformer';

const UNSIGNED_INTEGER_PATTERN = /^\d+$/;

/**
 * Query strings arrive as strings and are converted here, strictly: only plain decimal digits
 * become a number. `'1e3'`, `'0x10'`, `' 12 '`, `''`, `'-1'`, `'Infinity'` and integers beyond
 * 2^53 stay strings, so `@IsInt()` rejects them instead of the value being silently coerced.
 */
export function parseQueryInteger(value: unknown): unknown {
  if (typeof value !== 'string' || !UNSIGNED_INTEGER_PATTERN.test(value)) return value;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}

/** Only `'true'` and `'false'` are booleans; `'1'`, `'yes'` or `''` stay strings for `@IsBoolean()` to reject. */
export function parseQueryBoolean(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** For a non-negative integer query parameter; pair with `@IsInt()` and bounds. */
export function QueryInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => parseQueryInteger(value));
}

/** For a boolean query parameter; pair with `@IsBoolean()`. */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => parseQueryBoolean(value));
}
