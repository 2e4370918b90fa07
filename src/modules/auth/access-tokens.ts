import { Inject, Injectable } from '@nestjs/common';
import { decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey, SignJWT } from 'jose';
import { randomBytes, webcrypto } from 'node:crypto';
import { AuthConfig, type JwtKey } from '../../config';
import { type AccessTokenFailure, AccessTokenRejectedError } from './auth.errors';

/** Pinned: a token naming any other algorithm (`none` included) is refused before any key is chosen. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** ACCESS_TOKEN_ALGORITHM as WebCrypto names it. */
const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

/** What an access token asserts: who, and in which session. */
export interface AccessTokenClaims {
  readonly userId: string;
  readonly sessionId: string;
}

export interface SignedAccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/**
 * Short-lived JWTs through jose (decision 0600): HS256 with the first configured key, its id in the
 * `kid` header, so a new key can sign while the old ones still verify until their tokens expire.
 */
@Injectable()
export class AccessTokens {
  private readonly keys: readonly [JwtKey, ...JwtKey[]];
  private readonly verificationKeys = new Map<string, Promise<webcrypto.CryptoKey>>();

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {
    // Without configured keys, one made for this process (createApp refuses that in production):
    // nothing to configure in development, and its tokens die with the process.
    this.keys = config.jwtKeys ?? [{ id: 'generated', secret: randomBytes(32) }];
  }

  async sign(claims: AccessTokenClaims): Promise<SignedAccessToken> {
    const [key] = this.keys;
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: key.id, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(key.secret);
    return { token, expiresInSeconds: this.config.accessTokenTtlSeconds };
  }

  /** The claims of a token this service signed and that is still valid; AccessTokenRejectedError otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new AccessTokenRejectedError('AUTH_TOKEN_MALFORMED');
    }
    if (algorithm !== ACCESS_TOKEN_ALGORITHM) throw new AccessTokenRejectedError('AUTH_TOKEN_ALGORITHM_REJECTED');
    try {
      const { payload } = await jwtVerify(token, this.keyFor, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockSkewSeconds,
        requiredClaims: ['sub', 'sid', 'exp', 'iat'],
      });
      const { sub, sid } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string')
        throw new AccessTokenRejectedError('AUTH_TOKEN_CLAIMS_INVALID');
      return { userId: sub, sessionId: sid };
    } catch (error) {
      throw error instanceof AccessTokenRejectedError ? error : new AccessTokenRejectedError(failureOf(error));
    }
  }

  /** A `kid` naming no configured key fails like a bad signature: neither was signed by us. */
  private readonly keyFor: JWTVerifyGetKey = (header) => {
    const key = this.keys.find((candidate) => candidate.id === header.kid);
    if (key === undefined) throw new AccessTokenRejectedError('AUTH_TOKEN_SIGNATURE_INVALID');
    return this.verificationKey(key);
  };

  /** Given raw bytes, jose would import them into WebCrypto on every verification: once per key is enough. */
  private verificationKey(key: JwtKey): Promise<webcrypto.CryptoKey> {
    let imported = this.verificationKeys.get(key.id);
    if (imported === undefined) {
      imported = webcrypto.subtle.importKey('raw', key.secret, HMAC_SHA256, false, ['verify']);
      this.verificationKeys.set(key.id, imported);
    }
    return imported;
  }
}

/** jose's error codes, which survive module duplication where `instanceof` may not. */
const FAILURE_BY_JOSE_CODE: Readonly<Record<string, AccessTokenFailure>> = {
  ERR_JWT_EXPIRED: 'AUTH_TOKEN_EXPIRED',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'AUTH_TOKEN_CLAIMS_INVALID',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'AUTH_TOKEN_SIGNATURE_INVALID',
  ERR_JOSE_ALG_NOT_ALLOWED: 'AUTH_TOKEN_ALGORITHM_REJECTED',
};

function failureOf(error: unknown): AccessTokenFailure {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' ? FAILURE_BY_JOSE_CODE[code] : undefined) ?? 'AUTH_TOKEN_MALFORMED';
}
