import { DomainError } from '../../common/errors';

export class AuthInvalidCredentialsError extends DomainError {
  readonly code = 'AUTH_INVALID_CREDENTIALS';
  readonly kind = 'unauthenticated';

  /** One answer for an unknown email, a wrong password and a disabled user: no account enumeration. */
  constructor() {
    super('The email or password is wrong.');
  }
}

/**
 * Why a refresh token was refused. `AUTH_REFRESH_TOKEN_REUSED` means the token had already been
 * exchanged: the whole session is revoked, since either the client or a thief holds a stale copy.
 */
export type RefreshFailure =
  | 'AUTH_REFRESH_TOKEN_INVALID'
  | 'AUTH_REFRESH_TOKEN_EXPIRED'
  | 'AUTH_REFRESH_TOKEN_REUSED'
  | 'AUTH_SESSION_REVOKED'
  | 'AUTH_USER_DISABLED';

export class AuthRefreshRejectedError extends DomainError {
  readonly kind = 'unauthenticated';

  /** The codes differ for the client's logs; the message is one, since every case means "log in again". */
  constructor(readonly code: RefreshFailure) {
    super('The refresh token is not accepted; log in again.');
  }
}

export class AuthSessionNotFoundError extends DomainError {
  readonly code = 'AUTH_SESSION_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`You have no active session ${id}.`);
  }
}

export class AuthRegistrationClosedError extends DomainError {
  readonly code = 'AUTH_REGISTRATION_DISABLED';
  readonly kind = 'not-found';

  constructor() {
    super('Registration is switched off; ask an administrator for an account.');
  }
}

/** Why an access token was refused; the guard answers 401 with the code and its public message. */
export type AccessTokenFailure = keyof typeof ACCESS_TOKEN_FAILURE_MESSAGES;

const INVALID_TOKEN = 'The access token is not valid.';
const ENDED_SESSION = 'The session has ended; log in again.';

/**
 * The public message of each failure. Codes are distinct so clients and operators can tell them
 * apart in logs; messages are shared where the difference would only help someone forging tokens
 * (which check failed), and differ where the client must act differently (refresh when expired).
 */
export const ACCESS_TOKEN_FAILURE_MESSAGES = {
  AUTH_TOKEN_MISSING: 'Authentication is required: send Authorization: Bearer <access token>.',
  AUTH_TOKEN_MALFORMED: INVALID_TOKEN,
  AUTH_TOKEN_ALGORITHM_REJECTED: INVALID_TOKEN,
  AUTH_TOKEN_SIGNATURE_INVALID: INVALID_TOKEN,
  AUTH_TOKEN_CLAIMS_INVALID: INVALID_TOKEN,
  AUTH_TOKEN_EXPIRED: 'The access token has expired; get a new one with the refresh token.',
  AUTH_SESSION_REVOKED: ENDED_SESSION,
  AUTH_USER_DISABLED: ENDED_SESSION,
} as const;

/** Thrown while checking an access token; the guard turns it into a 401 with a Bearer challenge. */
export class AccessTokenRejectedError extends Error {
  constructor(readonly code: AccessTokenFailure) {
    super(ACCESS_TOKEN_FAILURE_MESSAGES[code]);
    this.name = AccessTokenRejectedError.name;
  }
}

/** Why a password-reset token was refused; each means "ask for a new mail". */
export type PasswordResetFailure = 'AUTH_RESET_TOKEN_INVALID' | 'AUTH_RESET_TOKEN_EXPIRED' | 'AUTH_RESET_TOKEN_USED';

const PASSWORD_RESET_FAILURE_DETAILS: Readonly<Record<PasswordResetFailure, string>> = {
  AUTH_RESET_TOKEN_INVALID: 'is not a password-reset token of this service',
  AUTH_RESET_TOKEN_EXPIRED: 'has expired',
  AUTH_RESET_TOKEN_USED: 'was already used',
};

/**
 * A well-formed reset token that cannot be used. The codes differ (a client can say "this link has
 * expired"): only the holder of a mailed token learns anything from them, and that about their own token.
 */
export class AuthPasswordResetRejectedError extends DomainError {
  readonly kind = 'invalid';
  override readonly errors;

  constructor(readonly code: PasswordResetFailure) {
    super('The password-reset token is not accepted; request a new one.');
    this.errors = [{ pointer: '/token', detail: PASSWORD_RESET_FAILURE_DETAILS[code] }];
  }
}
