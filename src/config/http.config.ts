import { IsBoolean, IsInt, Matches, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { IsListenHost } from './connection-urls';
import { EnvBoolean, EnvInteger, EnvList } from './env-parsing';
import { isProxyRange, parseProxyRange } from './proxy-ranges';

const ORIGIN_PATTERN = /^https?:\/\/[^/\s]+$/;
/** A path prefix of URL segments; the probes and the scrape cannot be switched off. */
const SWITCHABLE_PREFIX_PATTERN = /^(?!\/(?:health|metrics)(?:\/|$))(?:\/[A-Za-z0-9._~-]+)+$/;

export class HttpEnvironment {
  @IsListenHost()
  HOST = '0.0.0.0';

  @EnvInteger()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT = 3000;

  @EnvList()
  @IsProxyRangeList()
  TRUST_PROXY: string[] = [];

  @EnvList()
  @Matches(ORIGIN_PATTERN, {
    each: true,
    message: 'CORS_ORIGINS entries must be origins such as https://app.example.com',
  })
  CORS_ORIGINS: string[] = [];

  @EnvInteger()
  @IsInt()
  @Min(1_024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  REQUEST_TIMEOUT_MS = 30_000;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(120_000)
  HEADERS_TIMEOUT_MS = 15_000;

  @EnvInteger()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  KEEP_ALIVE_TIMEOUT_MS = 72_000;

  @EnvBoolean()
  @IsBoolean()
  DOCS_ENABLED = true;

  @EnvList()
  @Matches(SWITCHABLE_PREFIX_PATTERN, {
    each: true,
    message: 'DISABLED_ROUTES entries must be path prefixes such as /v1/auth/register (not /health or /metrics)',
  })
  DISABLED_ROUTES: string[] = [];
}

/** Injection token; inject with `@Inject(HttpConfig) private readonly config: HttpConfig`. */
export const HttpConfig = Symbol('HttpConfig');

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** Addresses/ranges of the proxies whose X-Forwarded-For is believed; empty trusts none. */
  readonly trustProxy: readonly string[];
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly docsEnabled: boolean;
  /** Path prefixes answered 503 ROUTE_SWITCHED_OFF (the kill switch); empty switches nothing off. */
  readonly disabledRoutes: readonly string[];
}

export function httpConfigFrom(env: HttpEnvironment): HttpConfig {
  return {
    host: env.HOST,
    port: env.PORT,
    trustProxy: env.TRUST_PROXY,
    corsOrigins: env.CORS_ORIGINS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    docsEnabled: env.DOCS_ENABLED,
    disabledRoutes: env.DISABLED_ROUTES,
  };
}

/** Every entry must parse; the message names each one that does not, and why. */
function IsProxyRangeList(): PropertyDecorator {
  return ValidateBy({
    name: 'isProxyRangeList',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every(isProxyRange),
      defaultMessage: ({ value }: ValidationArguments) => {
        const entries: unknown[] = Array.isArray(value) ? value : [value];
        const reasons = entries.flatMap((entry) => {
          const parsed = typeof entry === 'string' ? parseProxyRange(entry) : 'is not a string';
          return typeof parsed === 'string' ? [`${JSON.stringify(entry)} ${parsed}`] : [];
        });
        return `TRUST_PROXY entries must be IP addresses, CIDR ranges or one of loopback, linklocal, uniquelocal: ${reasons.join('; ')}`;
      },
    },
  });
}
