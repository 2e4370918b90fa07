import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { type AppConfig, AppEnvironment, appConfigFrom } from './app.config';
import { type AuthConfig, AuthEnvironment, authConfigFrom } from './auth.config';
import { type DatabaseConfig, DatabaseEnvironment, databaseConfigFrom } from './database.config';
import { type HttpConfig, HttpEnvironment, httpConfigFrom } from './http.config';
import { type IdempotencyConfig, IdempotencyEnvironment, idempotencyConfigFrom } from './idempotency.config';
import { type MailConfig, MailEnvironment, mailConfigFrom } from './mail.config';
import { type OverloadConfig, OverloadEnvironment, overloadConfigFrom } from './overload.config';
import { MIN_PUBLIC_PREFIX, isSafeInProduction, parseProxyRange } from './proxy-ranges';
import { StartupError } from './startup-error';
import { type ThrottleConfig, ThrottleEnvironment, throttleConfigFrom } from './throttle.config';

export interface Config {
  readonly app: AppConfig;
  readonly http: HttpConfig;
  readonly database: DatabaseConfig;
  readonly throttle: ThrottleConfig;
  readonly idempotency: IdempotencyConfig;
  readonly overload: OverloadConfig;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
}

export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/** Every class declaring environment variables; `.env.example` is checked against these. */
export const ENVIRONMENT_SCHEMAS = [
  AppEnvironment,
  HttpEnvironment,
  DatabaseEnvironment,
  ThrottleEnvironment,
  IdempotencyEnvironment,
  OverloadEnvironment,
  AuthEnvironment,
  MailEnvironment,
] as const;

export class InvalidConfigError extends StartupError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = InvalidConfigError.name;
  }
}

/**
 * Validates every environment variable the service reads and returns the typed configuration.
 * Collects all problems before failing, so one restart fixes a misconfigured deployment.
 */
export function loadConfig(source: EnvironmentSource = process.env): Config {
  const problems: string[] = [];
  const invalid = new Set<string>();
  const parse = <T extends object>(schema: new () => T): T => parseEnvironment(schema, source, problems, invalid);

  const app = parse(AppEnvironment);
  const http = parse(HttpEnvironment);
  const database = parse(DatabaseEnvironment);
  const throttle = parse(ThrottleEnvironment);
  const idempotency = parse(IdempotencyEnvironment);
  const overload = parse(OverloadEnvironment);
  const auth = parse(AuthEnvironment);
  const mail = parse(MailEnvironment);
  // Neither check is held back by other problems, so one restart fixes everything: each reads only
  // values that parsed (a pair with an invalid member is skipped, its own problem already listed).
  problems.push(...inconsistentTimeouts(http, database, idempotency, invalid));
  if (app.NODE_ENV === 'production') problems.push(...unsafeProductionSettings(http));
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return {
    app: appConfigFrom(app),
    http: httpConfigFrom(http),
    database: databaseConfigFrom(database),
    throttle: throttleConfigFrom(throttle),
    idempotency: idempotencyConfigFrom(idempotency),
    overload: overloadConfigFrom(overload),
    auth: authConfigFrom(auth),
    mail: mailConfigFrom(mail),
  };
}

/**
 * What only the server needs: it signs access tokens, so production requires AUTH_JWT_KEYS (a key
 * generated per process would log everyone out at each restart and differ between instances), and
 * it mails password-reset tokens, so production requires SMTP_URL (the development default writes
 * mails, tokens included, to the log). Migrations and `user:create` load the same configuration
 * without either. `createApp` calls this.
 */
export function assertServable(config: Config): void {
  if (config.app.environment !== 'production') return;
  const problems: string[] = [];
  if (config.auth.jwtKeys === undefined) {
    problems.push(
      'AUTH_JWT_KEYS: required in production: comma-separated kid:secret pairs (see README "Authentication") (not set)',
    );
  }
  if (config.mail.smtpUrl === undefined) {
    problems.push('SMTP_URL: required in production: smtp:// or smtps:// URL of the mail relay (not set)');
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
}

/** Appends the schema's problems to `problems` and the names of its invalid variables to `invalid`. */
function parseEnvironment<T extends object>(
  schema: new () => T,
  source: EnvironmentSource,
  problems: string[],
  invalid: Set<string>,
): T {
  const instance = plainToInstance(schema, withoutEmptyValues(source));
  const errors = validateSync(instance, { forbidUnknownValues: false });
  problems.push(...errors.flatMap(describeError));
  for (const error of errors) invalid.add(error.property);
  return instance;
}

/** `FOO=` in an env file means "not set": the default applies rather than an empty string. */
function withoutEmptyValues(source: EnvironmentSource): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

/** When the type is wrong, range messages ("must not be greater than…") only confuse. */
const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isString'];

/** Values of variables that may hold credentials never appear in messages, which end up in logs. */
const SENSITIVE_NAME = /URL|SECRET|PASSWORD|TOKEN|KEY/;

function describeError(error: ValidationError): string[] {
  const received =
    error.value === undefined
      ? 'not set'
      : SENSITIVE_NAME.test(error.property)
        ? 'value hidden'
        : `got ${JSON.stringify(error.value)}`;
  const constraints = error.constraints ?? {};
  const typeMismatch = TYPE_CONSTRAINTS.find((name) => name in constraints);
  const messages = typeMismatch ? [constraints[typeMismatch]] : Object.values(constraints);
  return messages.map((message) => `${error.property}: ${message ?? 'is invalid'} (${received})`);
}

/** Pairs of bounds whose order matters; Node itself refuses to start with headers outlasting requests. */
function inconsistentTimeouts(
  http: HttpEnvironment,
  database: DatabaseEnvironment,
  idempotency: IdempotencyEnvironment,
  invalid: ReadonlySet<string>,
): string[] {
  const valid = (...names: string[]): boolean => names.every((name) => !invalid.has(name));
  const problems: string[] = [];
  if (valid('HEADERS_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS') && http.HEADERS_TIMEOUT_MS > http.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS, which bounds the whole request');
  }
  if (
    valid('DB_QUERY_TIMEOUT_MS', 'DB_STATEMENT_TIMEOUT_MS') &&
    database.DB_QUERY_TIMEOUT_MS <= database.DB_STATEMENT_TIMEOUT_MS
  ) {
    problems.push(
      'DB_QUERY_TIMEOUT_MS: must exceed DB_STATEMENT_TIMEOUT_MS, so the server cancels the statement first',
    );
  }
  if (
    valid('IDEMPOTENCY_LOCK_TIMEOUT_MS', 'IDEMPOTENCY_KEY_TTL_MS') &&
    idempotency.IDEMPOTENCY_LOCK_TIMEOUT_MS > idempotency.IDEMPOTENCY_KEY_TTL_MS
  ) {
    problems.push(
      'IDEMPOTENCY_LOCK_TIMEOUT_MS: must not exceed IDEMPOTENCY_KEY_TTL_MS, the lifetime of the key it locks',
    );
  }
  return problems;
}

/**
 * A trusted proxy's X-Forwarded-For decides the client address that rate limits count. Production
 * trusts only blocks that lie within private space or are at most a /24 (IPv4) or /48 (IPv6), each
 * judged by what it covers (see isSafeInProduction): `0.0.0.0/1,128.0.0.0/1` is refused like
 * `0.0.0.0/0`, and so is an IPv6 range holding every IPv4-mapped address.
 */
function unsafeProductionSettings(http: HttpEnvironment): string[] {
  const entries: unknown[] = Array.isArray(http.TRUST_PROXY) ? http.TRUST_PROXY : [];
  return entries.flatMap((entry) => {
    if (typeof entry !== 'string') return [];
    const blocks = parseProxyRange(entry);
    if (typeof blocks === 'string' || blocks.every(isSafeInProduction)) return [];
    const [v4, v6] = [MIN_PUBLIC_PREFIX[4], MIN_PUBLIC_PREFIX[6]];
    return [
      `TRUST_PROXY: ${entry} trusts public addresses beyond one /${v4} (IPv4) or /${v6} (IPv6), so clients there ` +
        `could spoof X-Forwarded-For; production trusts only private, loopback, link-local, unique-local and ` +
        `CGNAT ranges, and public ones of at most that size`,
    ];
  });
}
