import { SignJWT } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import type { Client } from 'pg';

/** A signing key made for one load run, as the app's environment names it and as tokens use it. */
export interface LoadTestKey {
  /**
   * AUTH_JWT_* for the servers of the run (the reference app and the bench's raw baseline read the
   * same variables) and an SMTP_URL, which production requires; load runs request no password
   * reset, so nothing ever connects to it.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly secret: Uint8Array;
}

/** How load runs (`npm run bench`, `npm run overload`) authenticate against the servers, whose routes need a bearer token. */
export interface LoadTestAuth {
  readonly env: LoadTestKey['env'];
  /** Sent on every request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly userId: string;
  readonly sessionId: string;
}

const KEY_ID = 'load-test';
const ISSUER = 'load-test';
const TOKEN_LIFETIME_SECONDS = 86_400;

export function loadTestKey(): LoadTestKey {
  const secret = randomBytes(32);
  return {
    env: {
      AUTH_JWT_KEYS: `${KEY_ID}:${secret.toString('base64url')}`,
      AUTH_JWT_ISSUER: ISSUER,
      AUTH_JWT_AUDIENCE: ISSUER,
      SMTP_URL: 'smtp://127.0.0.1:25',
    },
    secret,
  };
}

/**
 * An admin and a session written straight into the run's database (like test/utils/auth.ts does
 * through the services) and an access token for them, signed with `key` (a new one by default),
 * which the servers are given: no login request, so the measured routes are the only traffic. The
 * password hash is no argon2 string, so nobody can log in as this user.
 */
export async function loadTestAuth(client: Client, key: LoadTestKey = loadTestKey()): Promise<LoadTestAuth> {
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
    .sign(key.secret);
  return {
    env: key.env,
    headers: { authorization: `Bearer ${token}` },
    userId: session.user_id,
    sessionId: session.session_id,
  };
}
