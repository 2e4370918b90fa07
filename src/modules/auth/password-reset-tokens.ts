import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;

/** A token as the service hands them out: 32 random bytes, base64url (43 characters). */
export const PASSWORD_RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPasswordResetToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Only this is stored. A fast hash suffices for 256 random bits, unlike for a password. */
export function hashPasswordResetToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
