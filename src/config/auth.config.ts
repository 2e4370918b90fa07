import { IsBoolean, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { EnvBoolean, EnvInteger, EnvList } from './env-parsing';

const DAY_SECONDS = 86_400;

/** `kid:secret`, the secret base64url-encoded and at least 32 bytes long (43 characters). */
const JWT_KEY_PATTERN = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{43,})$/;
const MIN_SECRET_BYTES = 32;

export class AuthEnvironment {
  /**
   * Comma-separated `kid:secret` pairs; the first signs new access tokens, all of them verify.
   * Required in production (checked when the server starts, since migrations and `user:create` sign
   * nothing); development and test generate a key per process.
   */
  @IsOptional()
  @EnvList()
  @IsJwtKeyList()
  AUTH_JWT_KEYS?: string[];

  @Matches(/^\S{1,200}$/, { message: 'AUTH_JWT_ISSUER must be 1-200 characters without spaces' })
  AUTH_JWT_ISSUER = 'service-template';

  @Matches(/^\S{1,200}$/, { message: 'AUTH_JWT_AUDIENCE must be 1-200 characters without spaces' })
  AUTH_JWT_AUDIENCE = 'service-template';

  @EnvInteger()
  @IsInt()
  @Min(60)
  @Max(DAY_SECONDS)
  AUTH_ACCESS_TOKEN_TTL_SECONDS = 900;

  @EnvInteger()
  @IsInt()
  @Min(300)
  @Max(365 * DAY_SECONDS)
  AUTH_REFRESH_TOKEN_TTL_SECONDS = 30 * DAY_SECONDS;

  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_SKEW_SECONDS = 30;

  @EnvBoolean()
  @IsBoolean()
  AUTH_REGISTRATION_ENABLED = false;

  @EnvInteger()
  @IsInt()
  @Min(300)
  @Max(DAY_SECONDS)
  AUTH_PASSWORD_RESET_TTL_SECONDS = 1_800;

  /**
   * The page of your front end that sets a new password, `{token}` marking where the token goes
   * (`https://app.example.com/reset-password#token={token}`); the mail then links to it. Unset,
   * the mail holds the token alone, for API clients.
   */
  @IsOptional()
  @IsPasswordResetUrl()
  AUTH_PASSWORD_RESET_URL?: string;

  @EnvInteger()
  @IsInt()
  @Min(1_024)
  @Max(4 * 1024 * 1024)
  AUTH_ARGON2_MEMORY_KIB = 19_456;

  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(20)
  AUTH_ARGON2_ITERATIONS = 2;

  @EnvInteger()
  @IsInt()
  @Min(1)
  @Max(16)
  AUTH_ARGON2_PARALLELISM = 1;
}

/** Injection token; inject with `@Inject(AuthConfig) private readonly config: AuthConfig`. */
export const AuthConfig = Symbol('AuthConfig');

/** One HMAC key for access tokens, named by the `kid` header of the tokens it signs. */
export interface JwtKey {
  readonly id: string;
  readonly secret: Uint8Array;
}

/** argon2id cost parameters; a stored hash made with other ones is rehashed at the next login. */
export interface PasswordHashingConfig {
  readonly memoryKib: number;
  readonly iterations: number;
  readonly parallelism: number;
}

export interface AuthConfig {
  /** Signing key first; `undefined` when not configured (the server then generates one, outside production). */
  readonly jwtKeys: readonly [JwtKey, ...JwtKey[]] | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  /** Idle lifetime of a session: each refresh extends it by this much. */
  readonly refreshTokenTtlSeconds: number;
  /** Tolerated difference between this clock and the issuer's when checking `exp`, `nbf` and `iat`. */
  readonly clockSkewSeconds: number;
  readonly registrationEnabled: boolean;
  /** How long a password-reset token works after it was mailed. */
  readonly passwordResetTtlSeconds: number;
  /** The link a password-reset mail carries, `{token}` standing for the token; none when undefined. */
  readonly passwordResetUrl: string | undefined;
  readonly passwordHashing: PasswordHashingConfig;
}

export function authConfigFrom(env: AuthEnvironment): AuthConfig {
  const keys = (env.AUTH_JWT_KEYS ?? []).map(parseJwtKey);
  return {
    jwtKeys: keys.length > 0 ? (keys as [JwtKey, ...JwtKey[]]) : undefined,
    issuer: env.AUTH_JWT_ISSUER,
    audience: env.AUTH_JWT_AUDIENCE,
    accessTokenTtlSeconds: env.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.AUTH_REFRESH_TOKEN_TTL_SECONDS,
    clockSkewSeconds: env.AUTH_CLOCK_SKEW_SECONDS,
    registrationEnabled: env.AUTH_REGISTRATION_ENABLED,
    passwordResetTtlSeconds: env.AUTH_PASSWORD_RESET_TTL_SECONDS,
    passwordResetUrl: env.AUTH_PASSWORD_RESET_URL,
    passwordHashing: {
      memoryKib: env.AUTH_ARGON2_MEMORY_KIB,
      iterations: env.AUTH_ARGON2_ITERATIONS,
      parallelism: env.AUTH_ARGON2_PARALLELISM,
    },
  };
}

function parseJwtKey(entry: string): JwtKey {
  const [, id = '', secret = ''] = JWT_KEY_PATTERN.exec(entry) ?? [];
  return { id, secret: Buffer.from(secret, 'base64url') };
}

function IsJwtKeyList(): PropertyDecorator {
  return ValidateBy({
    name: 'isJwtKeyList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.length > 0 && value.every(isJwtKey) && distinctIds(value),
      // Never echoes the value: it is a secret.
      defaultMessage: () =>
        `AUTH_JWT_KEYS must be comma-separated kid:secret pairs with distinct kids (letters, digits, _ or -, ` +
        `at most 32) and base64url secrets of at least ${MIN_SECRET_BYTES} bytes (openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')`,
    },
  });
}

/** The placeholder of AUTH_PASSWORD_RESET_URL that the mailed token replaces. */
export const PASSWORD_RESET_TOKEN_PLACEHOLDER = '{token}';

function IsPasswordResetUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isPasswordResetUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPasswordResetUrl(value),
      defaultMessage: () =>
        `AUTH_PASSWORD_RESET_URL must be an http(s) URL holding ${PASSWORD_RESET_TOKEN_PLACEHOLDER} exactly once ` +
        `(e.g. https://app.example.com/reset-password#token=${PASSWORD_RESET_TOKEN_PLACEHOLDER})`,
    },
  });
}

function isPasswordResetUrl(value: string): boolean {
  if (value.split(PASSWORD_RESET_TOKEN_PLACEHOLDER).length !== 2) return false;
  // A token is base64url, so a sample one stands in for it when checking the URL's shape.
  const url = URL.parse(value.replace(PASSWORD_RESET_TOKEN_PLACEHOLDER, 'sample-token'));
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

function isJwtKey(entry: unknown): boolean {
  return (
    typeof entry === 'string' && JWT_KEY_PATTERN.test(entry) && parseJwtKey(entry).secret.length >= MIN_SECRET_BYTES
  );
}

function distinctIds(entries: readonly string[]): boolean {
  return new Set(entries.map((entry) => entry.split(':')[0])).size === entries.length;
}
