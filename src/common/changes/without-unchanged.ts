import { isDeepStrictEqual } from 'node:util';

/**
 * The members of `changes` whose value differs from the stored one in `current`, so an update that
 * repeats what is stored writes nothing: its version, `updatedAt` and ETag stay, as a PATCH of the
 * reference's topics with its own name. Values compare by content: dates by instant, arrays and
 * JSON objects member by member (key order aside), as PostgreSQL returns them.
 */
export function withoutUnchanged<T, C extends Partial<T>>(current: T, changes: C): Partial<C> {
  const changed: Partial<C> = {};
  for (const key of Object.keys(changes) as (keyof C & keyof T)[]) {
    if (!isDeepStrictEqual(changes[key], current[key])) changed[key] = changes[key];
  }
  return changed;
}
