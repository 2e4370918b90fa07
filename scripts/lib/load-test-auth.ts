import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client } from 'pg';

/** How load runs (`npm run bench`, `npm run overload`) authenticate against the app, whose routes need a bearer token. */
export interface LoadTestAuth {
  /**
   * AUTH_JWT_* of the app's environment (a key made for this run) and an SMTP_URL, which production
   * requires; load runs request no password reset, so nothing ever connects to it.
   */
  readonly env: Readonly<Record<string, string>>;
  /** Sent on every request (the bench's raw baseline ignores it: it has no authentication). */
  readonly headers: Readonly<Record<string, string>>;
}

const KEY_ID = 'load-test';
const ISSUER = 'load-test';
const TOKEN_LIFETIME_SECONDS = 86_400;

/**
 * An admin and a session written straight into the run's database (like test/utils/auth.ts does
 * through the services) and an access token for them, signed with the key the reference app is
 * given: no login request, so the measured routes are the only traffic. The password hash is no
 * argon2 string, so nobody can log in as this user.
 */
export async function loadTestAuth(client: Client): Promise<LoadTestAuth> {
  const secret = randomBytes(32);
  const env = {
    AUTH_JWT_KEYS: `${KEY_ID}:${secret.toString('base64url')}`,
    AUTH_JWT_ISSUER: ISSUER,
    AUTH_JWT_AUDIENCE: ISSUER,
    SMTP_URL: 'smtp://127.0.0.1:25',
  };
  const { rows } = await client.query<{ user_id: string; session_id: string }>(
    `WITH load_test_user AS (
       INSERT INTO users (email, password_hash, role) VALUES ($1, '!', 'admin') RETURNING id
     )
     INSERT INTO sessions (user_id, refresh_token_hash, expires_at, last_used_at)
     SELECT id, $2, now() + interval '1 day', now() FROM load_test_user
     RETURNING user_id, id AS session_id`,
    [
      `load-test-${randomBytes(6).toString('hex')}@load-test.invalid`,
      createHash('sha256').update(randomBytes(32)).digest(),
    ],
  );
  const [session] = rows;
  if (session === undefined) throw new Error('could not create the load-test session');
  const token = await new SignJWT({ sid: session.session_id })
    .setProtectedHeader({ alg: 'HS256', kid: KEY_ID, typ: 'JWT' })
    .setSubject(session.user_id)
    .setIssuer(ISSUER)
    .setAudience(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS)
    .sign(secret);
  return { env, headers: { authorization: `Bearer ${token}` } };
}
