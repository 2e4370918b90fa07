import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { JsonObject } from '../types';
import { isStorableText } from './is-storable-text.validator';

/**
 * True for a JSON object (not an array or a scalar) that a `jsonb` column stores unchanged: every
 * key and string value must be storable text, since PostgreSQL rejects `\u0000` in jsonb (a 500
 * otherwise). Walks iteratively, so a deeply nested body cannot overflow the stack.
 */
export function isStorableJson(value: unknown): value is JsonObject {
  if (!isPlainObject(value)) return false;
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next === 'string') {
      if (!isStorableText(next)) return false;
    } else if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (isPlainObject(next)) {
      for (const [key, child] of Object.entries(next)) {
        if (!isStorableText(key)) return false;
        pending.push(child);
      }
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For `jsonb` columns holding an object. */
export function IsStorableJson(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableJson',
      validator: {
        validate: isStorableJson,
        defaultMessage: () => 'must be a JSON object without NUL characters or unpaired UTF-16 surrogates',
      },
    },
    options,
  );
}
