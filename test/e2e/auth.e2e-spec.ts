import { hash } from '@node-rs/argon2';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { SessionsRepository } from '../../src/modules/auth/sessions.repository';
import { createTestUser, strongPassword, type TestUser } from '../utils/auth';
import { expectInvalid, expectProblem, UUID, type Headers } from '../utils/http';
import { LogCapture } from '../utils/log-capture';
import { createTestApp, type TestApp } from '../utils/test-app';

const AUTH = '/v1/auth';
const KEY_ID = 'k1';
const SECRET = Buffer.alloc(32, 7);
const OLD_KEY_ID = 'k0';
const OLD_SECRET = Buffer.alloc(32, 9);
const ISSUER = 'auth-e2e-issuer';
const AUDIENCE = 'auth-e2e-audience';

interface Tokens {
  readonly tokenType: string;
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: string;
}

interface OpenApiOperation {
  readonly security?: unknown;
  readonly responses: Readonly<Record<string, unknown>>;
}

interface OpenApiDocument {
  readonly security: unknown;
  readonly components: { readonly securitySchemes: unknown };
  readonly paths: Readonly<Record<string, Readonly<Partial<Record<'get' | 'post' | 'patch', OpenApiOperation>>>>>;
}

interface SessionList {
  readonly items: { readonly id: string; readonly current: boolean }[];
}

function bearer(accessToken: string): Headers {
  return { authorization: `Bearer ${accessToken}` };
}

/** A token as the app signs them, with any part overridable, for the bad-token cases. */
async function signToken(
  user: TestUser,
  options: {
    readonly claims?: JWTPayload;
    readonly kid?: string;
    readonly secret?: Uint8Array;
    readonly expiresAt?: number;
  } = {},
): Promise<string> {
  const sessionId = user.tokens.refreshToken.split('.')[0] ?? '';
  return new SignJWT({ sid: sessionId, iss: ISSUER, aud: AUDIENCE, ...options.claims })
    .setProtectedHeader({ alg: 'HS256', kid: options.kid ?? KEY_ID, typ: 'JWT' })
    .setSubject(user.user.id)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '5m')
    .sign(options.secret ?? SECRET);
}

function unsecuredToken(user: TestUser): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: user.user.id,
    sid: user.tokens.refreshToken.split('.')[0],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 300,
  };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

describe('Authentication (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      AUTH_JWT_KEYS: `${KEY_ID}:${SECRET.toString('base64url')},${OLD_KEY_ID}:${OLD_SECRET.toString('base64url')}`,
      AUTH_JWT_ISSUER: ISSUER,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      AUTH_CLOCK_SKEW_SECONDS: '5',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function login(email: string, password: string): Promise<Tokens> {
    const response = await testApp.anonymous('POST', `${AUTH}/login`, { email, password });
    expect(response.statusCode).toBe(200);
    return response.json<Tokens>();
  }

  async function storedHash(userId: string): Promise<string> {
    return testApp.database.withClient(async (client) => {
      const { rows } = await client.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        userId,
      ]);
      return rows[0]?.password_hash ?? '';
    });
  }

  describe('POST /v1/auth/login', () => {
    it('answers an access token the API accepts and a refresh token, for the email in any case', async () => {
      const { user, password } = await createTestUser(testApp.app, { email: 'Mixed.Case@Example.com' });
      expect(user.email).toBe('mixed.case@example.com');

      const tokens = await login('  MIXED.case@example.COM ', password);

      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(tokens.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
      const me = await testApp.request('GET', `${AUTH}/me`, undefined, bearer(tokens.accessToken));
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: user.id, email: 'mixed.case@example.com', role: 'user' });
      expect(me.json()).not.toHaveProperty('passwordHash');
    });

    it('answers the same 401 for a wrong password, an unknown email and a disabled user', async () => {
      const { user, password } = await createTestUser(testApp.app);
      const disabled = await createTestUser(testApp.app);
      await testApp.request('PATCH', `/v1/users/${disabled.user.id}`, { disabled: true });

      const answers = await Promise.all([
        testApp.anonymous('POST', `${AUTH}/login`, { email: user.email, password: `${password}x` }),
        testApp.anonymous('POST', `${AUTH}/login`, { email: 'nobody@example.com', password }),
        testApp.anonymous('POST', `${AUTH}/login`, { email: disabled.user.email, password: disabled.password }),
      ]);

      const bodies = answers.map((response) => {
        const problem = expectProblem(response, 401, 'AUTH_INVALID_CREDENTIALS');
        expect(response.headers['www-authenticate']).toBe('Bearer');
        return { detail: problem.detail, type: problem.type };
      });
      expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    });

    it('rehashes a password stored with other argon2 parameters than configured', async () => {
      const { user, password } = await createTestUser(testApp.app);
      await testApp.database.withClient((client) =>
        hash(password, { memoryCost: 2048, timeCost: 2, parallelism: 1 }).then((old) =>
          client.query('UPDATE users SET password_hash = $1 WHERE id = $2', [old, user.id]),
        ),
      );
      expect(await storedHash(user.id)).toContain('m=2048,t=2,p=1');

      await login(user.email, password);

      expect(await storedHash(user.id)).toContain('m=1024,t=1,p=1');
    });

    it('answers 400, not a database error, for an email PostgreSQL could not store (NUL)', async () => {
      expectInvalid(
        await testApp.anonymous('POST', `${AUTH}/login`, { email: 'a\u0000@example.com', password: 'whatever' }),
        '/email',
      );
    });

    it('refuses a body without credentials with 400 pointers', async () => {
      const response = await testApp.anonymous('POST', `${AUTH}/login`, { email: 42 });
      expectInvalid(response, '/email');
      expectInvalid(response, '/password');
    });
  });

  describe('POST /v1/auth/refresh', () => {
    it('rotates: the new refresh token works once, and reusing an old one revokes the whole session', async () => {
      const { user, password } = await createTestUser(testApp.app);
      const first = await login(user.email, password);

      const second = await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: first.refreshToken });
      expect(second.statusCode).toBe(200);
      const rotated = second.json<Tokens>();
      expect(rotated.refreshToken).not.toBe(first.refreshToken);
      expect(rotated.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]);

      const reuse = await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: first.refreshToken });
      expectProblem(reuse, 401, 'AUTH_REFRESH_TOKEN_REUSED');

      const afterReuse = await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: rotated.refreshToken });
      expectProblem(afterReuse, 401, 'AUTH_SESSION_REVOKED');
      const access = await testApp.request('GET', `${AUTH}/me`, undefined, bearer(rotated.accessToken));
      expectProblem(access, 401, 'AUTH_SESSION_REVOKED');
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const { tokens } = await createTestUser(testApp.app);

      const answers = await Promise.all(
        [1, 2].map(() => testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: tokens.refreshToken })),
      );

      expect(answers.map((response) => response.statusCode).sort()).toEqual([200, 401]);
    });

    it.each([
      ['not a token', 'garbage'],
      ['an unknown session', `00000000-0000-4000-8000-000000000000.${'a'.repeat(43)}`],
    ])('answers 401 AUTH_REFRESH_TOKEN_INVALID for %s', async (_label, refreshToken) => {
      expectProblem(
        await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken }),
        401,
        'AUTH_REFRESH_TOKEN_INVALID',
      );
    });

    it('answers 401 AUTH_REFRESH_TOKEN_EXPIRED past the session expiry', async () => {
      const { tokens } = await createTestUser(testApp.app);
      await testApp.database.withClient((client) =>
        client.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
          tokens.refreshToken.split('.')[0],
        ]),
      );

      expectProblem(
        await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: tokens.refreshToken }),
        401,
        'AUTH_REFRESH_TOKEN_EXPIRED',
      );
    });

    it('answers 401 AUTH_USER_DISABLED for a disabled user', async () => {
      const { user, tokens } = await createTestUser(testApp.app);
      await testApp.request('PATCH', `/v1/users/${user.id}`, { disabled: true });

      expectProblem(
        await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: tokens.refreshToken }),
        401,
        'AUTH_USER_DISABLED',
      );
    });
  });

  describe('sessions', () => {
    it('logout ends the session: its access and refresh tokens stop working', async () => {
      const { tokens, headers } = await createTestUser(testApp.app);

      expect((await testApp.request('POST', `${AUTH}/logout`, undefined, headers)).statusCode).toBe(204);

      expectProblem(await testApp.request('GET', `${AUTH}/me`, undefined, headers), 401, 'AUTH_SESSION_REVOKED');
      expectProblem(
        await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: tokens.refreshToken }),
        401,
        'AUTH_SESSION_REVOKED',
      );
    });

    it('lists the caller’s active sessions and revokes one of them', async () => {
      const { user, password, headers } = await createTestUser(testApp.app);
      const other = await login(user.email, password);
      const otherId = other.refreshToken.split('.')[0];

      const listed = await testApp.request('GET', `${AUTH}/sessions`, undefined, headers);
      expect(listed.statusCode).toBe(200);
      const sessions = listed.json<SessionList>().items;
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((session) => session.current)).toHaveLength(1);
      expect(sessions.map((session) => session.id)).toContain(otherId);

      expect((await testApp.request('DELETE', `${AUTH}/sessions/${otherId}`, undefined, headers)).statusCode).toBe(204);

      const after = (await testApp.request('GET', `${AUTH}/sessions`, undefined, headers)).json<SessionList>().items;
      expect(after.map((session) => session.id)).not.toContain(otherId);
      expectProblem(
        await testApp.request('GET', `${AUTH}/me`, undefined, bearer(other.accessToken)),
        401,
        'AUTH_SESSION_REVOKED',
      );
    });

    it("a login deletes the user's expired sessions and keeps the others, revoked ones included", async () => {
      const { user, password, tokens } = await createTestUser(testApp.app);
      const expired = tokens.refreshToken.split('.')[0];
      const revoked = (await login(user.email, password)).refreshToken.split('.')[0];
      const someoneElses = (await createTestUser(testApp.app)).tokens.refreshToken.split('.')[0];
      await testApp.database.withClient(async (client) => {
        await client.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ANY($1)`, [
          [expired, someoneElses],
        ]);
        await client.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1`, [revoked]);
      });

      const current = (await login(user.email, password)).refreshToken.split('.')[0];

      const remaining = await testApp.database.withClient(async (client) => {
        const { rows } = await client.query<{ id: string }>(`SELECT id FROM sessions WHERE id = ANY($1)`, [
          [expired, revoked, someoneElses, current],
        ]);
        return rows.map((row) => row.id);
      });
      expect(remaining.sort()).toEqual([revoked, someoneElses, current].sort());
    });

    it('answers 404 for a session of someone else, leaving it active', async () => {
      const mine = await createTestUser(testApp.app);
      const theirs = await createTestUser(testApp.app);
      const theirId = theirs.tokens.refreshToken.split('.')[0] ?? '';

      expectProblem(
        await testApp.request('DELETE', `${AUTH}/sessions/${theirId}`, undefined, mine.headers),
        404,
        'AUTH_SESSION_NOT_FOUND',
      );
      expect((await testApp.request('GET', `${AUTH}/me`, undefined, theirs.headers)).statusCode).toBe(200);
    });
  });

  describe('POST /v1/auth/password', () => {
    it('changes the password and revokes every other session, keeping this one', async () => {
      const { user, password, headers } = await createTestUser(testApp.app);
      const other = await login(user.email, password);
      const newPassword = strongPassword();

      const response = await testApp.request(
        'POST',
        `${AUTH}/password`,
        { currentPassword: password, newPassword },
        headers,
      );

      expect(response.statusCode).toBe(204);
      expect((await testApp.request('GET', `${AUTH}/me`, undefined, headers)).statusCode).toBe(200);
      expectProblem(
        await testApp.request('GET', `${AUTH}/me`, undefined, bearer(other.accessToken)),
        401,
        'AUTH_SESSION_REVOKED',
      );
      expectProblem(await testApp.anonymous('POST', `${AUTH}/login`, { email: user.email, password }), 401);
      await login(user.email, newPassword);
    });

    it('answers 422 with a pointer when the current password is wrong, changing nothing', async () => {
      const { user, password, headers } = await createTestUser(testApp.app);

      const response = await testApp.request(
        'POST',
        `${AUTH}/password`,
        { currentPassword: `${password}x`, newPassword: strongPassword() },
        headers,
      );

      const problem = expectProblem(response, 422, 'USERS_CURRENT_PASSWORD_WRONG');
      expect(problem.errors?.map((error) => error.pointer)).toEqual(['/currentPassword']);
      await login(user.email, password);
    });

    it.each([
      ['too short', 'short-pass'],
      ['too long', 'x'.repeat(129)],
      ['common', 'Password1234'],
      ['one repeated character', 'aaaaaaaaaaaaaa'],
    ])('refuses a new password that is %s with 400 at /newPassword', async (_label, newPassword) => {
      const { password, headers } = await createTestUser(testApp.app);
      const response = await testApp.request(
        'POST',
        `${AUTH}/password`,
        { currentPassword: password, newPassword },
        headers,
      );
      expectInvalid(response, '/newPassword');
    });
  });

  describe('POST /v1/auth/register', () => {
    it('answers 404 AUTH_REGISTRATION_DISABLED by default, creating nothing', async () => {
      const email = 'closed@example.com';
      const response = await testApp.anonymous('POST', `${AUTH}/register`, { email, password: strongPassword() });
      expectProblem(response, 404, 'AUTH_REGISTRATION_DISABLED');
      const count = await testApp.database.withClient((client) =>
        client.query('SELECT 1 FROM users WHERE email = $1', [email]).then((result) => result.rowCount),
      );
      expect(count).toBe(0);
    });
  });

  describe('access tokens on a protected route', () => {
    let user: TestUser;

    beforeAll(async () => {
      user = await createTestUser(testApp.app);
    });

    async function me(authorization?: string): Promise<Awaited<ReturnType<TestApp['anonymous']>>> {
      return testApp.anonymous('GET', `${AUTH}/me`, undefined, authorization === undefined ? {} : { authorization });
    }

    it('accepts a token signed with an older key still configured (rotation)', async () => {
      const token = await signToken(user, { kid: OLD_KEY_ID, secret: OLD_SECRET });
      expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    });

    it('answers 401 AUTH_TOKEN_MISSING with a bare Bearer challenge when no token is sent', async () => {
      const response = await me();
      expectProblem(response, 401, 'AUTH_TOKEN_MISSING');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it.each<[string, (user: TestUser) => string | Promise<string>, string]>([
      ['another scheme', () => 'Basic dXNlcjpwYXNz', 'AUTH_TOKEN_MALFORMED'],
      ['a token that is not a JWT', () => 'Bearer not-a-jwt', 'AUTH_TOKEN_MALFORMED'],
      ['two tokens', (u) => `Bearer ${u.tokens.accessToken} ${u.tokens.accessToken}`, 'AUTH_TOKEN_MALFORMED'],
      ['alg none', (u) => `Bearer ${unsecuredToken(u)}`, 'AUTH_TOKEN_ALGORITHM_REJECTED'],
      [
        'a wrong signature',
        async (u) => `Bearer ${await signToken(u, { secret: Buffer.alloc(32, 1) })}`,
        'AUTH_TOKEN_SIGNATURE_INVALID',
      ],
      [
        'an unknown key id',
        async (u) => `Bearer ${await signToken(u, { kid: 'unknown' })}`,
        'AUTH_TOKEN_SIGNATURE_INVALID',
      ],
      [
        'a wrong issuer',
        async (u) => `Bearer ${await signToken(u, { claims: { iss: 'someone-else' } })}`,
        'AUTH_TOKEN_CLAIMS_INVALID',
      ],
      [
        'a wrong audience',
        async (u) => `Bearer ${await signToken(u, { claims: { aud: 'another-api' } })}`,
        'AUTH_TOKEN_CLAIMS_INVALID',
      ],
      [
        'an expiry past the clock skew',
        async (u) => `Bearer ${await signToken(u, { expiresAt: Math.floor(Date.now() / 1000) - 10 })}`,
        'AUTH_TOKEN_EXPIRED',
      ],
    ])('answers 401 for %s, with an invalid_token challenge', async (_label, authorization, code) => {
      const response = await me(await authorization(user));
      expectProblem(response, 401, code);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="/);
    });

    it('accepts a token expired by less than the clock skew', async () => {
      const token = await signToken(user, { expiresAt: Math.floor(Date.now() / 1000) - 1 });
      expect((await me(`Bearer ${token}`)).statusCode).toBe(200);
    });

    it('answers 401 AUTH_USER_DISABLED at once when the user is disabled, and 200 again when enabled', async () => {
      const target = await createTestUser(testApp.app);
      await testApp.request('PATCH', `/v1/users/${target.user.id}`, { disabled: true });
      expectProblem(await me(target.headers.authorization), 401, 'AUTH_USER_DISABLED');
      await testApp.request('PATCH', `/v1/users/${target.user.id}`, { disabled: false });
      expect((await me(target.headers.authorization)).statusCode).toBe(200);
    });

    it('shares one public message between the failures that would only help a forger', async () => {
      const answers = await Promise.all([
        me('Bearer not-a-jwt'),
        me(`Bearer ${unsecuredToken(user)}`),
        me(`Bearer ${await signToken(user, { secret: Buffer.alloc(32, 1) })}`),
      ]);
      expect(new Set(answers.map((response) => response.json<{ detail: string }>().detail)).size).toBe(1);
    });
  });

  describe('roles', () => {
    it('answers 403 AUTH_FORBIDDEN to a user on an admin route, 200 to an admin', async () => {
      const { user, headers } = await createTestUser(testApp.app);

      expectProblem(await testApp.request('GET', `/v1/users/${user.id}`, undefined, headers), 403, 'AUTH_FORBIDDEN');
      const asAdmin = await testApp.request('GET', `/v1/users/${user.id}`);
      expect(asAdmin.statusCode).toBe(200);
      expect(asAdmin.json()).toMatchObject({ id: user.id, role: 'user', disabled: false });
    });

    it('takes a role change into account on the next request, without a new token', async () => {
      const { user, headers } = await createTestUser(testApp.app);
      await testApp.request('PATCH', `/v1/users/${user.id}`, { role: 'admin' });

      expect((await testApp.request('GET', `/v1/users/${user.id}`, undefined, headers)).statusCode).toBe(200);
    });

    it('verifies the token and reads the session once per request, with an Idempotency-Key too', async () => {
      const { user } = await createTestUser(testApp.app);
      const sessionReads = jest.spyOn(testApp.app.get(SessionsRepository), 'findAccess');
      const demote = (headers: Headers): Promise<LightMyRequestResponse> =>
        testApp.request('PATCH', `/v1/users/${user.id}`, { role: 'user' }, headers);

      try {
        // The idempotency hooks scope the key by caller before the guard runs; the guard reuses that.
        expect((await demote({ 'idempotency-key': randomUUID() })).statusCode).toBe(200);
        expect(sessionReads).toHaveBeenCalledTimes(1);
        expect((await demote({})).statusCode).toBe(200);
        expect(sessionReads).toHaveBeenCalledTimes(2);
      } finally {
        sessionReads.mockRestore();
      }
    });

    it('answers 404 for an unknown user and 400 for an unknown role', async () => {
      expectProblem(
        await testApp.request('PATCH', `/v1/users/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, {}),
        404,
        'USERS_NOT_FOUND',
      );
      const { user } = await createTestUser(testApp.app);
      expectInvalid(await testApp.request('PATCH', `/v1/users/${user.id}`, { role: 'root' }), '/role');
    });
  });

  describe('public routes', () => {
    it.each(['/health/live', '/health/ready', '/metrics', '/docs/json'])('serves %s without a token', async (url) => {
      expect((await testApp.anonymous('GET', url)).statusCode).toBe(200);
    });

    it('protects routes without @Public() by default', async () => {
      expectProblem(await testApp.anonymous('GET', '/v1/auth/me'), 401, 'AUTH_TOKEN_MISSING');
      expectProblem(await testApp.anonymous('POST', '/v1/auth/logout'), 401, 'AUTH_TOKEN_MISSING');
    });

    it('documents the bearer scheme, required everywhere but on public operations, with 401 and 403', async () => {
      const document = (await testApp.anonymous('GET', '/docs/json')).json<OpenApiDocument>();

      expect(document.components.securitySchemes).toEqual({
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      });
      expect(document.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/v1/auth/login']?.post?.security).toEqual([{}]);
      expect(document.paths['/health/live']?.get?.security).toEqual([{}]);
      expect(document.paths['/v1/auth/me']?.get?.security).toBeUndefined();
      expect(Object.keys(document.paths['/v1/auth/me']?.get?.responses ?? {})).toContain('401');
      expect(Object.keys(document.paths['/v1/users/{id}']?.patch?.responses ?? {})).toEqual(
        expect.arrayContaining(['401', '403']),
      );
      expect(Object.keys(document.paths['/health/live']?.get?.responses ?? {})).not.toContain('401');
    });

    it('creates a session row for each login, identified by a UUID', async () => {
      const { tokens } = await createTestUser(testApp.app);
      expect(tokens.refreshToken.split('.')[0]).toMatch(UUID);
    });
  });
});

describe('Registration enabled (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_REGISTRATION_ENABLED: 'true' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('creates a user with the role user, who can then log in', async () => {
    const password = strongPassword();
    const response = await testApp.anonymous('POST', `${AUTH}/register`, { email: 'New@Example.com', password });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'new@example.com', role: 'user', disabled: false });
    expect(response.json<{ id: string }>().id).toMatch(UUID);
    const login = await testApp.anonymous('POST', `${AUTH}/login`, { email: 'new@example.com', password });
    expect(login.statusCode).toBe(200);
  });

  it('answers 409 USERS_EMAIL_TAKEN for an email taken in another case', async () => {
    await testApp.anonymous('POST', `${AUTH}/register`, { email: 'taken@example.com', password: strongPassword() });

    const response = await testApp.anonymous('POST', `${AUTH}/register`, {
      email: 'TAKEN@example.com',
      password: strongPassword(),
    });

    expectProblem(response, 409, 'USERS_EMAIL_TAKEN');
  });

  it.each([
    ['a weak password', { email: 'weak@example.com', password: 'qwerty123456' }, '/password'],
    ['a short password', { email: 'short@example.com', password: 'abc' }, '/password'],
    ['an invalid email', { email: 'not-an-email', password: 'a-long-unusual-passphrase' }, '/email'],
  ])('answers 400 for %s', async (_label, body, pointer) => {
    expectInvalid(await testApp.anonymous('POST', `${AUTH}/register`, body), pointer);
  });
});

describe('Authentication logs (e2e)', () => {
  const logs = new LogCapture();
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ LOG_LEVEL: 'trace' }, { logDestination: logs });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('never writes a password or a token, whatever the level', async () => {
    const { user, password } = await createTestUser(testApp.app);
    const login = await testApp.anonymous('POST', `${AUTH}/login`, { email: user.email, password });
    const tokens = login.json<Tokens>();
    await testApp.anonymous('POST', `${AUTH}/refresh`, { refreshToken: tokens.refreshToken });
    await testApp.anonymous('POST', `${AUTH}/login`, { email: user.email, password: `${password}-wrong` });
    await testApp.anonymous('GET', `${AUTH}/me`, undefined, bearer(tokens.accessToken));

    const written = JSON.stringify(logs.lines);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [password, tokens.accessToken, tokens.refreshToken, tokens.refreshToken.split('.')[1]]) {
      expect(written).not.toContain(secret);
    }
  });
});
