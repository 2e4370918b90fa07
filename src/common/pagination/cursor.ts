import { isUUID } from 'class-validator';

/**
 * Where the previous page ended: the sort it was listed with, the sort column's value in its last
 * row (an ISO-8601 timestamp, or null when that row had none) and that row's id as tie-breaker.
 */
export class CursorPosition {
  constructor(
    readonly sort: string,
    readonly value: string | null,
    readonly id: string,
  ) {}
}

/** Far above any real cursor; bounds the work spent decoding hostile input. */
const MAX_ENCODED_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Years 0001–9999: JavaScript accepts year 0000, PostgreSQL rejects it (a 500 if it got there). */
const ISO_TIMESTAMP = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Cursors are opaque to clients: base64url JSON, so the format can change without an API change. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
}

/** Returns undefined for anything `encodeCursor` did not produce, so a tampered cursor is a 400, not a 500. */
export function decodeCursor(encoded: string): CursorPosition | undefined {
  if (encoded.length > MAX_ENCODED_LENGTH || !BASE64URL.test(encoded)) return undefined;
  const parsed = parseJson(Buffer.from(encoded, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [sort, value, id] = parsed as unknown[];
  if (typeof sort !== 'string' || !isUUID(id, 'all') || !isTimestampOrNull(value)) return undefined;
  return new CursorPosition(sort, value, id as string);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Exactly the `Date#toISOString()` form of a real date, so PostgreSQL always accepts it. */
function isTimestampOrNull(value: unknown): value is string | null {
  if (value === null) return true;
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
