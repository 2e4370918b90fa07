import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest, CallerIdentity, Principal } from '../../common/auth';
import { AuthConfig } from '../../config';
import { type UserEntity, UsersService } from '../users';
import { AccessTokens } from './access-tokens';
import {
  AccessTokenRejectedError,
  AuthInvalidCredentialsError,
  AuthRefreshRejectedError,
  AuthRegistrationClosedError,
  AuthSessionNotFoundError,
} from './auth.errors';
import {
  formatRefreshToken,
  hashRefreshSecret,
  newRefreshSecret,
  parseRefreshToken,
  refreshSecretMatches,
} from './refresh-tokens';
import type { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';

/** RFC 6750 §2.1: the scheme is case-insensitive; one token of base64url characters and dots. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/** What login and refresh hand out: a short-lived access token and the session's next refresh token. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
}

/** Sessions and the tokens that prove them; credentials themselves are the users module's. */
@Injectable()
export class AuthService implements CallerIdentity {
  /** Per request (the object, collected with it): the outcome of authenticateRequest. */
  private readonly outcomes = new WeakMap<AuthenticatedRequest, Promise<Principal>>();

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokens,
    @Inject(AuthConfig) private readonly config: AuthConfig,
  ) {}

  async register(email: string, password: string): Promise<UserEntity> {
    if (!this.config.registrationEnabled) throw new AuthRegistrationClosedError();
    return this.users.create({ email, password });
  }

  async login(email: string, password: string): Promise<IssuedTokens> {
    const user = await this.users.authenticate(email, password);
    if (user === null) throw new AuthInvalidCredentialsError();
    return this.startSession(user.id);
  }

  /** A new session for the user, as after a login; tests and trusted callers start one without a password. */
  async startSession(userId: string): Promise<IssuedTokens> {
    const secret = newRefreshSecret();
    const expiresAt = this.refreshExpiry();
    await this.sessions.deleteExpiredOfUser(userId);
    const session = await this.sessions.insert({
      userId,
      refreshTokenHash: hashRefreshSecret(secret),
      expiresAt,
      lastUsedAt: new Date(),
    });
    return this.tokensFor(session, secret, expiresAt);
  }

  /**
   * Exchanges the session's current refresh token for a new pair. A token that was already
   * exchanged revokes the session: the legitimate client and whoever copied the token both lose it.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const presented = parseRefreshToken(refreshToken);
    if (presented === undefined) throw new AuthRefreshRejectedError('AUTH_REFRESH_TOKEN_INVALID');
    const session = await this.sessions.findWithUser(presented.sessionId);
    if (session === null) throw new AuthRefreshRejectedError('AUTH_REFRESH_TOKEN_INVALID');
    if (session.revokedAt !== null) throw new AuthRefreshRejectedError('AUTH_SESSION_REVOKED');
    if (!refreshSecretMatches(presented.secret, session.refreshTokenHash)) {
      await this.sessions.revoke(session.id);
      throw new AuthRefreshRejectedError('AUTH_REFRESH_TOKEN_REUSED');
    }
    if (session.expiresAt <= new Date()) throw new AuthRefreshRejectedError('AUTH_REFRESH_TOKEN_EXPIRED');
    if (session.user.disabled) throw new AuthRefreshRejectedError('AUTH_USER_DISABLED');

    const secret = newRefreshSecret();
    const expiresAt = this.refreshExpiry();
    const next = { refreshTokenHash: hashRefreshSecret(secret), expiresAt };
    if (!(await this.sessions.rotate(session.id, session.refreshTokenHash, next))) {
      // Another refresh with the same token won the race: one of the two presenters is not the owner.
      await this.sessions.revoke(session.id);
      throw new AuthRefreshRejectedError('AUTH_REFRESH_TOKEN_REUSED');
    }
    return this.tokensFor(session, secret, expiresAt);
  }

  /**
   * Who an `Authorization` header value names, checked against the session's current state: a
   * revoked session or a disabled user stops working at once, not when the access token expires.
   */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === '') throw new AccessTokenRejectedError('AUTH_TOKEN_MISSING');
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new AccessTokenRejectedError('AUTH_TOKEN_MALFORMED');
    const claims = await this.accessTokens.verify(token);
    const session = await this.sessions.findAccess(claims.sessionId);
    const belongs = session?.revoked === false && session.userId === claims.userId;
    if (!belongs) throw new AccessTokenRejectedError('AUTH_SESSION_REVOKED');
    if (session.disabled) throw new AccessTokenRejectedError('AUTH_USER_DISABLED');
    return { userId: session.userId, email: session.email, role: session.role, sessionId: claims.sessionId };
  }

  /**
   * `authenticate` once per request: on a POST or PATCH with an Idempotency-Key the idempotency
   * hooks ask who the caller is before the guard runs, and the guard gets the same answer instead
   * of verifying the token and reading the session a second time.
   */
  authenticateRequest(request: AuthenticatedRequest): Promise<Principal> {
    let outcome = this.outcomes.get(request);
    if (outcome === undefined) {
      outcome = this.authenticate(request.headers.authorization);
      this.outcomes.set(request, outcome);
    }
    return outcome;
  }

  /** CallerIdentity for the idempotency hooks: the user of a valid token, undefined otherwise. */
  async identify(request: AuthenticatedRequest): Promise<string | undefined> {
    try {
      return (await this.authenticateRequest(request)).userId;
    } catch (error) {
      if (error instanceof AccessTokenRejectedError) return undefined;
      throw error;
    }
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.revoke(principal.sessionId);
  }

  listSessions(principal: Principal): Promise<SessionEntity[]> {
    return this.sessions.findActiveByUser(principal.userId);
  }

  async revokeSession(principal: Principal, sessionId: string): Promise<void> {
    if (!(await this.sessions.revokeOwned(sessionId, principal.userId))) throw new AuthSessionNotFoundError(sessionId);
  }

  /** The new password and the end of every other session commit together. */
  @Transactional()
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    await this.users.changePassword(principal.userId, currentPassword, newPassword);
    await this.sessions.revokeAllOfUserExcept(principal.userId, principal.sessionId);
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1_000);
  }

  private async tokensFor(
    session: Pick<SessionEntity, 'id' | 'userId'>,
    secret: string,
    expiresAt: Date,
  ): Promise<IssuedTokens> {
    const access = await this.accessTokens.sign({ userId: session.userId, sessionId: session.id });
    return {
      accessToken: access.token,
      expiresInSeconds: access.expiresInSeconds,
      refreshToken: formatRefreshToken({ sessionId: session.id, secret }),
      refreshTokenExpiresAt: expiresAt,
    };
  }
}
