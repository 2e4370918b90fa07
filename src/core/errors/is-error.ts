import { types } from 'node:util';

/**
 * `instanceof Error` is false for errors created in another realm, such as Node's socket errors
 * seen from code running in a `vm` context (Jest runs tests in one); `isNativeError` is not.
 */
export function isError(value: unknown): value is Error {
  // Its replacement, `Error.isError`, exists from Node 24 only; package.json's engines allow 22.12.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return value instanceof Error || types.isNativeError(value);
}
