/**
 * `instanceof Error` is false for errors created in another realm, such as Node's socket errors
 * seen from code running in a `vm` context (Jest runs tests in one); their `Object.prototype.toString`
 * tag still reads `Error` (`util.types.isNativeError` is deprecated, and `Error.isError` needs Node 24).
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}
