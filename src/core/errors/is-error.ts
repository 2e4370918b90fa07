import { types } from 'node:util';

/**
 * `instanceof Error` is false for errors created in another realm, such as Node's socket errors
 * seen from code running in a `vm` context (Jest runs tests in one); `isNativeError` is not.
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}
