import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key.entity';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Only these methods change state in a way a retry could repeat; PUT and DELETE are idempotent already. */
export const IDEMPOTENCY_KEY_METHODS = ['POST', 'PATCH'] as const;
export const IDEMPOTENT_RETRY_METHODS: ReadonlySet<string> = new Set(IDEMPOTENCY_KEY_METHODS);

/**
 * The draft standard sends the key as a Structured Field string (`"8e03978e-…"`); most clients
 * and services (Stripe, PayPal) send it bare. Both are accepted: printable ASCII, at most
 * 255 characters, no quote or backslash inside (so no escaping to undo), spaces only when quoted.
 * Two headers arrive joined by ", " and fail the bare form.
 */
const QUOTED_KEY = new RegExp(`^"([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}})"$`);
const BARE_KEY = new RegExp(`^([\\x21\\x23-\\x5b\\x5d-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}})$`);

/** Returns the key, or undefined when the header value is not a valid key. */
export function parseIdempotencyKey(header: string): string | undefined {
  return (QUOTED_KEY.exec(header) ?? BARE_KEY.exec(header))?.[1];
}

/**
 * Identifies "the same request" for a key. The body is hashed as parsed, so whitespace and
 * number formatting do not matter but member order does, as in Stripe's parameter comparison.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}
