import { types } from 'node:util';

/**
 * `instanceof Error` is false for errors created in another realm, such as Node's socket errors
 * seen from code running in a `vm` context (Jest runs tests in one); `isNativeError` is not.
 * Node 24 deprecates it (documentation only) for `Error.isError`, which Node 22 lacks: switch once
 * Node 22 is no longer supported.
 */
export function isError(value: unknown): value is Error {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- Error.isError is missing on Node 22
  return value instanceof Error || types.isNativeError(value);
}
