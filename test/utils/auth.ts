import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/common/auth';
import { AuthService, type IssuedTokens } from '../../src/modules/auth';
import { type UserEntity, UsersService } from '../../src/modules/users';
import type { Headers } from './http';
import type { TestDatabase } from './test-database';

export interface TestUserOptions {
  readonly role?: Role;
  readonly email?: string;
  readonly password?: string;
}

export interface TestUser {
  readonly user: UserEntity;
  readonly password: string;
  readonly tokens: IssuedTokens;
  /** `{ authorization: 'Bearer <access token>' }` for the request helpers. */
  readonly headers: Headers;
}

/** A password the policy accepts, different every call. */
export function strongPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

/**
 * A user created through UsersService and a session started for them through AuthService, as a
 * login would: no HTTP round trip, so only the login tests themselves log in over HTTP.
 */
export async function createTestUser(app: INestApplicationContext, options: TestUserOptions = {}): Promise<TestUser> {
  const password = options.password ?? strongPassword();
  const email = options.email ?? `user-${randomBytes(6).toString('hex')}@example.com`;
  const user = await app.get(UsersService).create({ email, password, role: options.role ?? 'user' });
  const tokens = await app.get(AuthService).startSession(user.id);
  return { user, password, tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } };
}

/** The Authorization header of a new user with this role (`user` by default). */
export async function authHeader(app: INestApplicationContext, options: TestUserOptions = {}): Promise<Headers> {
  return (await createTestUser(app, options)).headers;
}

/**
 * A password-reset token for the user, stored as a reset request stores one (its SHA-256 only), for
 * tests of the confirmation that do not read mail; the password-reset e2e spec takes them from SMTP.
 */
export async function passwordResetToken(database: TestDatabase, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await database.withClient((client) =>
    client.query(
      `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at)
       VALUES ($1, sha256(convert_to($2, 'UTF8')), now() + interval '1 hour')`,
      [userId, token],
    ),
  );
  return token;
}
