import { Test } from '@nestjs/testing';
import { aUser, TEST_USER_ID } from '../../../test/factories/user.factory';
import { AuthConfig } from '../../config';
import { UsersService } from '../users';
import { AccessTokens } from './access-tokens';
import { AccessTokenRejectedError, AuthInvalidCredentialsError, AuthRefreshRejectedError } from './auth.errors';
import { AuthService } from './auth.service';
import { hashRefreshSecret, newRefreshSecret } from './refresh-tokens';
import type { SessionWithUser } from './session.entity';
import { type SessionAccess, SessionsRepository } from './sessions.repository';

type SessionsMock = jest.Mocked<
  Pick<SessionsRepository, 'insert' | 'deleteExpiredOfUser' | 'findWithUser' | 'findAccess' | 'rotate' | 'revoke'>
>;
type UsersMock = jest.Mocked<Pick<UsersService, 'authenticate'>>;
type TokensMock = jest.Mocked<Pick<AccessTokens, 'sign' | 'verify'>>;

const SESSION_ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const USER_ID = TEST_USER_ID;
const SECRET = newRefreshSecret();

function aSession(overrides: Partial<SessionWithUser> = {}): SessionWithUser {
  return {
    id: SESSION_ID,
    userId: USER_ID,
    user: aUser(),
    refreshTokenHash: hashRefreshSecret(SECRET),
    expiresAt: new Date(Date.now() + 60_000),
    revokedAt: null,
    lastUsedAt: new Date(),
    createdAt: new Date(),
    ...overrides,
  };
}

function anAccess(overrides: Partial<SessionAccess> = {}): SessionAccess {
  const user = aUser();
  return { userId: USER_ID, revoked: false, email: user.email, role: user.role, disabled: false, ...overrides };
}

describe(AuthService.name, () => {
  let sessions: SessionsMock;
  let users: UsersMock;
  let tokens: TokensMock;
  let service: AuthService;

  beforeEach(async () => {
    sessions = {
      insert: jest.fn(),
      deleteExpiredOfUser: jest.fn().mockResolvedValue(undefined),
      findWithUser: jest.fn(),
      findAccess: jest.fn(),
      rotate: jest.fn(),
      revoke: jest.fn(),
    };
    users = { authenticate: jest.fn() };
    tokens = { sign: jest.fn().mockResolvedValue({ token: 'access', expiresInSeconds: 900 }), verify: jest.fn() };
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: SessionsRepository, useValue: sessions },
        { provide: UsersService, useValue: users },
        { provide: AccessTokens, useValue: tokens },
        { provide: AuthConfig, useValue: { refreshTokenTtlSeconds: 3600, registrationEnabled: false } },
      ],
    }).compile();
    service = moduleRef.get(AuthService);
  });

  async function refreshFailure(token: string): Promise<string> {
    const error: unknown = await service.refresh(token).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof AuthRefreshRejectedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error.code;
  }

  it('refuses wrong credentials without starting a session', async () => {
    users.authenticate.mockResolvedValue(null);

    await expect(service.login('ann@example.com', 'wrong')).rejects.toBeInstanceOf(AuthInvalidCredentialsError);
    expect(sessions.insert).not.toHaveBeenCalled();
  });

  it('stores only the hash of the refresh secret it hands out', async () => {
    sessions.insert.mockImplementation((values) => Promise.resolve(aSession(values)));

    const issued = await service.startSession(USER_ID);

    const [sessionId, secret = ''] = issued.refreshToken.split('.');
    expect(sessionId).toBe(SESSION_ID);
    const stored = sessions.insert.mock.calls[0]?.[0];
    expect(stored?.refreshTokenHash).toEqual(hashRefreshSecret(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it("deletes the user's expired sessions before starting one", async () => {
    sessions.insert.mockImplementation((values) => Promise.resolve(aSession(values)));

    await service.startSession(USER_ID);

    expect(sessions.deleteExpiredOfUser).toHaveBeenCalledWith(USER_ID);
    expect(sessions.deleteExpiredOfUser.mock.invocationCallOrder[0]).toBeLessThan(
      sessions.insert.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('rotates the current refresh token, guarded by its hash', async () => {
    sessions.findWithUser.mockResolvedValue(aSession());
    sessions.rotate.mockResolvedValue(true);

    const issued = await service.refresh(`${SESSION_ID}.${SECRET}`);

    expect(issued.refreshToken).not.toBe(`${SESSION_ID}.${SECRET}`);
    expect(sessions.rotate).toHaveBeenCalledWith(SESSION_ID, hashRefreshSecret(SECRET), expect.anything());
    expect(sessions.revoke).not.toHaveBeenCalled();
  });

  it('revokes the session when a superseded refresh token comes back', async () => {
    sessions.findWithUser.mockResolvedValue(aSession({ refreshTokenHash: hashRefreshSecret(newRefreshSecret()) }));

    expect(await refreshFailure(`${SESSION_ID}.${SECRET}`)).toBe('AUTH_REFRESH_TOKEN_REUSED');
    expect(sessions.revoke).toHaveBeenCalledWith(SESSION_ID);
    expect(sessions.rotate).not.toHaveBeenCalled();
  });

  it('revokes the session when a concurrent refresh rotated it first', async () => {
    sessions.findWithUser.mockResolvedValue(aSession());
    sessions.rotate.mockResolvedValue(false);

    expect(await refreshFailure(`${SESSION_ID}.${SECRET}`)).toBe('AUTH_REFRESH_TOKEN_REUSED');
    expect(sessions.revoke).toHaveBeenCalledWith(SESSION_ID);
  });

  it.each<[string, Partial<SessionWithUser>, string]>([
    ['revoked', { revokedAt: new Date() }, 'AUTH_SESSION_REVOKED'],
    ['expired', { expiresAt: new Date(Date.now() - 1) }, 'AUTH_REFRESH_TOKEN_EXPIRED'],
    ['of a disabled user', { user: aUser({ disabled: true }) }, 'AUTH_USER_DISABLED'],
  ])('refuses a session that is %s without rotating it', async (_label, overrides, code) => {
    sessions.findWithUser.mockResolvedValue(aSession(overrides));

    expect(await refreshFailure(`${SESSION_ID}.${SECRET}`)).toBe(code);
    expect(sessions.rotate).not.toHaveBeenCalled();
  });

  it('refuses a malformed refresh token without a query', async () => {
    expect(await refreshFailure('not-a-token')).toBe('AUTH_REFRESH_TOKEN_INVALID');
    expect(sessions.findWithUser).not.toHaveBeenCalled();
  });

  async function authenticationFailure(access: SessionAccess | null): Promise<string> {
    tokens.verify.mockResolvedValue({ userId: USER_ID, sessionId: SESSION_ID });
    sessions.findAccess.mockResolvedValue(access);
    const error: unknown = await service.authenticate('Bearer a.b.c').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof AccessTokenRejectedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error.code;
  }

  it.each<[string, SessionAccess | null, string]>([
    ['unknown', null, 'AUTH_SESSION_REVOKED'],
    ['revoked', anAccess({ revoked: true }), 'AUTH_SESSION_REVOKED'],
    ['of a disabled user', anAccess({ disabled: true }), 'AUTH_USER_DISABLED'],
  ])('refuses an access token whose session is %s', async (_label, access, code) => {
    expect(await authenticationFailure(access)).toBe(code);
  });

  it('names the caller as their session and user are now, not as the token was signed', async () => {
    tokens.verify.mockResolvedValue({ userId: USER_ID, sessionId: SESSION_ID });
    sessions.findAccess.mockResolvedValue(anAccess({ role: 'admin', email: 'renamed@example.com' }));

    expect(await service.authenticate('Bearer a.b.c')).toEqual({
      userId: USER_ID,
      email: 'renamed@example.com',
      role: 'admin',
      sessionId: SESSION_ID,
    });
    expect(sessions.findAccess).toHaveBeenCalledWith(SESSION_ID);
  });

  it('authenticates a request once, whoever asks first: the idempotency hooks or the guard', async () => {
    tokens.verify.mockResolvedValue({ userId: USER_ID, sessionId: SESSION_ID });
    sessions.findAccess.mockResolvedValue(anAccess());
    const request = { headers: { authorization: 'Bearer a.b.c' } };
    const another = { headers: { authorization: 'Bearer a.b.c' } };

    expect(await service.identify(request)).toBe(USER_ID);
    expect((await service.authenticateRequest(request)).userId).toBe(USER_ID);
    expect(tokens.verify).toHaveBeenCalledTimes(1);
    expect(sessions.findAccess).toHaveBeenCalledTimes(1);

    await service.authenticateRequest(another);
    expect(sessions.findAccess).toHaveBeenCalledTimes(2);
  });

  it('shares a refusal too: the guard gets the reason the idempotency hooks saw as anonymous', async () => {
    const request = { headers: { authorization: 'not a bearer token' } };

    expect(await service.identify(request)).toBeUndefined();
    const error: unknown = await service.authenticateRequest(request).catch((reason: unknown) => reason);

    expect((error as AccessTokenRejectedError).code).toBe('AUTH_TOKEN_MALFORMED');
    expect(tokens.verify).not.toHaveBeenCalled();
  });

  it('refuses an access token whose session belongs to another user', async () => {
    tokens.verify.mockResolvedValue({ userId: 'someone-else', sessionId: SESSION_ID });
    sessions.findAccess.mockResolvedValue(anAccess());

    const error: unknown = await service.authenticate('Bearer a.b.c').catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(AccessTokenRejectedError);
    expect((error as AccessTokenRejectedError).code).toBe('AUTH_SESSION_REVOKED');
  });
});
