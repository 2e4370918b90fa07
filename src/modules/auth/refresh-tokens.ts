import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_BYTES = 32;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/**
 * A refresh token is `<session id>.<secret>`: the id finds the session (so reuse of an older token
 * of the family is recognised), the 256-bit random secret proves possession. Only the secret's
 * SHA-256 is stored; a fast hash suffices for a random secret, unlike for a password.
 */
export interface RefreshToken {
  readonly sessionId: string;
  readonly secret: string;
}

export function newRefreshSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function formatRefreshToken(token: RefreshToken): string {
  return `${token.sessionId}.${token.secret}`;
}

/** Undefined for anything that is not shaped like a token this service issues. */
export function parseRefreshToken(value: string): RefreshToken | undefined {
  const [sessionId = '', secret = '', ...rest] = value.split('.');
  if (rest.length > 0 || !UUID.test(sessionId) || !SECRET.test(secret)) return undefined;
  return { sessionId, secret };
}

export function hashRefreshSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Constant-time, so the comparison's duration says nothing about how much of a guess was right. */
export function refreshSecretMatches(secret: string, storedHash: Buffer): boolean {
  const hash = hashRefreshSecret(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
