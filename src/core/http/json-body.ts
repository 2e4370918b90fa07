import type { FastifyInstance } from 'fastify';
import { HttpProblemError } from '../errors/http-problem.error';
import { fieldPointer } from '../errors/request-validation.error';
import { decodeUtf8Body, unsupportedCharsetError } from './text-encoding';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * A JSON API parses JSON only (Nest's own parsers are turned off with `bodyParser: false`).
 * Fastify's text/plain parser is removed in particular because browsers send text/plain
 * cross-origin without a CORS preflight; form bodies are not accepted either. Fastify's JSON
 * parser (secure-json-parse: `__proto__` and `constructor.prototype` rejected) does the parsing;
 * such a key is a 400 naming where it is (Fastify's own message says the body is not valid JSON);
 * a duplicate key, which `JSON.parse` would silently resolve to the last value, is a 400.
 * The body is read as bytes, so the service decodes it itself: a charset other than UTF-8 is a
 * 415 and bytes that are not UTF-8 a 400, where Fastify's string decoding would substitute U+FFFD.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charsetError = unsupportedCharsetError(request.headers['content-type']);
    if (charsetError !== undefined) {
      done(charsetError);
      return;
    }
    // Always a Buffer with parseAs 'buffer'; the parser type does not narrow on it.
    const text = typeof body === 'string' ? body : decodeUtf8Body(body);
    if (text instanceof HttpProblemError) {
      done(text);
      return;
    }
    // Fastify's parser is synchronous and answers through the callback.
    void parseJson(request, text, (error, value: unknown) => {
      if (error !== null) done(forbiddenKeyError(text) ?? error);
      else if (hasDuplicateKeys(text, value)) done(duplicateKeyError());
      else done(null, value);
    });
  });
}

/**
 * Outside string literals, a colon appears in JSON exactly once per object member, so valid JSON
 * text with more colons than its parsed value has keys named some key twice. Both counts are
 * iterative and linear, so no body within the size limit can overflow the stack or go quadratic.
 */
export function hasDuplicateKeys(text: string, parsed: unknown): boolean {
  return countMembers(text) !== countKeys(parsed);
}

function countMembers(text: string): number {
  let members = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index + 1);
      continue;
    }
    if (code === COLON) members++;
    index++;
  }
  return members;
}

/** The index after the closing quote of the string whose content starts at `from`. */
function endOfString(text: string, from: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1 && isEscaped(text, quote)) quote = text.indexOf('"', quote + 1);
  return quote === -1 ? text.length : quote + 1;
}

/** A quote is escaped when an odd number of backslashes precedes it. */
function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let index = quote - 1; text.charCodeAt(index) === BACKSLASH; index--) backslashes++;
  return backslashes % 2 === 1;
}

/** Only objects and arrays are queued: scalar members and items are counted without allocating. */
function countKeys(value: unknown): number {
  let keys = 0;
  const pending: object[] = [];
  const enqueue = (child: unknown): void => {
    if (typeof child === 'object' && child !== null) pending.push(child);
  };
  enqueue(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) {
      for (const item of next as unknown[]) enqueue(item);
      continue;
    }
    // Parsed JSON has only own, enumerable properties and a plain prototype: for…in sees exactly those.
    for (const key in next) {
      keys++;
      enqueue((next as Record<string, unknown>)[key]);
    }
  }
  return keys;
}

function duplicateKeyError(): HttpProblemError {
  return new HttpProblemError(400, 'JSON_DUPLICATE_KEY', 'The request body has an object with the same key twice.');
}

/**
 * Why secure-json-parse refused a body: a `__proto__` member, or a `constructor` member holding an
 * object with a `prototype` member (its two rules), found by parsing again with `JSON.parse`, which
 * keeps such members as plain own properties without touching any prototype. Undefined when the
 * text is not valid JSON at all. Runs on refused bodies only; the walk is iterative, like the others.
 */
export function forbiddenKeyError(text: string): HttpProblemError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pointer = forbiddenKeyPointer(parsed);
  if (pointer === undefined) return undefined;
  const key = pointer.endsWith('/__proto__') ? '__proto__' : 'constructor';
  return new HttpProblemError(
    400,
    'JSON_FORBIDDEN_KEY',
    `The request body has a member named "${key}" at ${pointer}: such members are refused, as they could change the prototype of objects built from the body.`,
  );
}

/**
 * The JSON pointer of the first forbidden member, breadth first as secure-json-parse scans. Each
 * queued value keeps its parent's index and its key, and only the pointer found is built: building
 * every pointer would be quadratic in the depth of a deeply nested body.
 */
export function forbiddenKeyPointer(value: unknown): string | undefined {
  const queue: { container: object; parent: number; key: string }[] = [];
  const pointerOf = (index: number, last: string): string => {
    const keys = [last];
    for (let at = index; at > 0; at = (queue[at] as { parent: number }).parent) {
      keys.push((queue[at] as { key: string }).key);
    }
    return keys.reverse().map(fieldPointer).join('');
  };
  if (typeof value === 'object' && value !== null) queue.push({ container: value, parent: -1, key: '' });
  // An index, not shift(): shift is linear in the queue length.
  for (let index = 0; index < queue.length; index++) {
    const { container } = queue[index] as { container: object };
    if (Object.hasOwn(container, '__proto__')) return pointerOf(index, '__proto__');
    const { constructor } = container as { constructor?: unknown };
    if (Object.hasOwn(container, 'constructor') && typeof constructor === 'object' && constructor !== null) {
      if (Object.hasOwn(constructor, 'prototype')) return pointerOf(index, 'constructor');
    }
    // Parsed JSON has only own, enumerable properties: for…in sees exactly those.
    for (const key in container) {
      const child = (container as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) queue.push({ container: child, parent: index, key });
    }
  }
  return undefined;
}
