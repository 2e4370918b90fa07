import { decodeProtectedHeader, SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import type { AuthConfig } from '../../config';
import { AccessTokens } from './access-tokens';
import { AccessTokenRejectedError } from './auth.errors';

const KEY = { id: 'current', secret: new Uint8Array(32).fill(1) };
const OLD_KEY = { id: 'previous', secret: new Uint8Array(32).fill(2) };

function authConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    jwtKeys: [KEY, OLD_KEY],
    issuer: 'issuer',
    audience: 'audience',
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 3600,
    clockSkewSeconds: 30,
    registrationEnabled: false,
    passwordResetTtlSeconds: 1800,
    passwordResetUrl: undefined,
    passwordHashing: { memoryKib: 1024, iterations: 1, parallelism: 1 },
    ...overrides,
  };
}

const CLAIMS = { userId: 'user-1', sessionId: 'session-1' };

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AccessTokenRejectedError)) throw new Error(`expected a rejection, got ${String(error)}`);
  return error.code;
}

describe(AccessTokens.name, () => {
  it('signs with the first key, naming it in kid, and verifies its own tokens', async () => {
    const tokens = new AccessTokens(authConfig());

    const { token, expiresInSeconds } = await tokens.sign(CLAIMS);

    expect(expiresInSeconds).toBe(900);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: 'current', typ: 'JWT' });
    expect(await tokens.verify(token)).toEqual(CLAIMS);
  });

  it('verifies a token of a key that no longer signs, and refuses it once that key is removed', async () => {
    const before = await new AccessTokens(authConfig({ jwtKeys: [OLD_KEY] })).sign(CLAIMS);

    expect(await new AccessTokens(authConfig()).verify(before.token)).toEqual(CLAIMS);
    expect(await rejection(new AccessTokens(authConfig({ jwtKeys: [KEY] })).verify(before.token))).toBe(
      'AUTH_TOKEN_SIGNATURE_INVALID',
    );
  });

  it('imports each verification key once, and keeps refusing signatures of other keys under its kid', async () => {
    const importKey = jest.spyOn(webcrypto.subtle, 'importKey');
    const verifier = new AccessTokens(authConfig());
    const current = await verifier.sign(CLAIMS);
    const previous = await new AccessTokens(authConfig({ jwtKeys: [OLD_KEY] })).sign(CLAIMS);
    const forged = await new AccessTokens(authConfig({ jwtKeys: [{ id: KEY.id, secret: OLD_KEY.secret }] })).sign(
      CLAIMS,
    );
    importKey.mockClear();

    for (let round = 0; round < 3; round += 1) {
      expect(await verifier.verify(current.token)).toEqual(CLAIMS);
      expect(await verifier.verify(previous.token)).toEqual(CLAIMS);
      expect(await rejection(verifier.verify(forged.token))).toBe('AUTH_TOKEN_SIGNATURE_INVALID');
    }
    expect(importKey).toHaveBeenCalledTimes(2);
    importKey.mockRestore();
  });

  it('refuses a token of another issuer or audience', async () => {
    const verifier = new AccessTokens(authConfig());
    const otherIssuer = await new AccessTokens(authConfig({ issuer: 'other' })).sign(CLAIMS);
    const otherAudience = await new AccessTokens(authConfig({ audience: 'other' })).sign(CLAIMS);

    expect(await rejection(verifier.verify(otherIssuer.token))).toBe('AUTH_TOKEN_CLAIMS_INVALID');
    expect(await rejection(verifier.verify(otherAudience.token))).toBe('AUTH_TOKEN_CLAIMS_INVALID');
  });

  it('refuses a token without the session claim', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: KEY.id })
      .setSubject('user-1')
      .setIssuer('issuer')
      .setAudience('audience')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(KEY.secret);

    expect(await rejection(new AccessTokens(authConfig()).verify(token))).toBe('AUTH_TOKEN_CLAIMS_INVALID');
  });

  it('refuses an algorithm other than HS256 before looking for a key', async () => {
    const token = await new SignJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'HS512', kid: KEY.id })
      .setSubject('u')
      .sign(new Uint8Array(64).fill(1));

    expect(await rejection(new AccessTokens(authConfig()).verify(token))).toBe('AUTH_TOKEN_ALGORITHM_REJECTED');
  });

  it('refuses a token whose expiry lies beyond the clock skew, and accepts one within it', async () => {
    const sign = (expiredSecondsAgo: number): Promise<string> =>
      new SignJWT({ sid: 'session-1' })
        .setProtectedHeader({ alg: 'HS256', kid: KEY.id })
        .setSubject('user-1')
        .setIssuer('issuer')
        .setAudience('audience')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - expiredSecondsAgo)
        .sign(KEY.secret);
    const tokens = new AccessTokens(authConfig({ clockSkewSeconds: 30 }));

    expect(await tokens.verify(await sign(10))).toEqual(CLAIMS);
    expect(await rejection(tokens.verify(await sign(60)))).toBe('AUTH_TOKEN_EXPIRED');
  });

  it('generates a key when none is configured', async () => {
    const tokens = new AccessTokens(authConfig({ jwtKeys: undefined }));
    expect(await tokens.verify((await tokens.sign(CLAIMS)).token)).toEqual(CLAIMS);
  });
});
