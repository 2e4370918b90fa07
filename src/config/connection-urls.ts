import { ValidateBy, type ValidationArguments } from 'class-validator';
import { isIP } from 'node:net';

/**
 * Why a connection URL cannot work, decided from its text alone; undefined when it can. A URL the
 * drivers cannot parse would otherwise fail only when the connection is attempted: TypeORM
 * retries that at boot for seconds, and the driver's message (`URI malformed`, `port should be
 * >= 0 and < 65536`) does not name the variable. Reasons never quote the URL: it may hold a password.
 */
export function connectionUrlProblem(value: string, schemes: readonly string[]): string | undefined {
  const scheme = value.slice(0, Math.max(value.indexOf(':'), 0)).toLowerCase();
  if (!schemes.includes(scheme) || !value.slice(scheme.length).startsWith('://')) {
    return `must be a ${schemes.map((name) => `${name}://`).join(' or ')} URL`;
  }
  const url = parseUrl(value);
  if (url === undefined) return 'is not a valid URL (check the port and any characters the password should %-encode)';
  if (url.port === '0') return 'has port 0; give a port from 1 to 65535 or leave it out';
  if (!isDecodable(url.username) || !isDecodable(url.password)) {
    return 'has a user name or password with an invalid %-escape (a literal % is written %25)';
  }
  return undefined;
}

/** Node's URL parser refuses an empty host after credentials (`user@/db`), which the drivers read as localhost. */
function parseUrl(value: string): URL | undefined {
  for (const candidate of [value, value.replace('@/', '@localhost/')]) {
    try {
      return new URL(candidate);
    } catch {
      // Tried again with a host, then given up on.
    }
  }
  return undefined;
}

function isDecodable(component: string): boolean {
  try {
    decodeURIComponent(component);
    return true;
  } catch {
    return false;
  }
}

/** A connection URL with one of `schemes`, checked as far as can be without connecting. */
export function IsConnectionUrl(schemes: readonly string[]): PropertyDecorator {
  return ValidateBy({
    name: 'isConnectionUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && connectionUrlProblem(value, schemes) === undefined,
      defaultMessage: ({ property, value }: ValidationArguments) =>
        `${property} ${typeof value === 'string' ? connectionUrlProblem(value, schemes) : 'must be a string'}`,
    },
  });
}

/** RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i;

/**
 * An address to listen on: an IPv4 or IPv6 address (without brackets) or a host name. Anything
 * else failed only at `listen`, after the whole application was built, with a DNS error naming
 * no variable.
 */
export function IsListenHost(): PropertyDecorator {
  return ValidateBy({
    name: 'isListenHost',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (isIP(value) !== 0 || HOST_NAME.test(value)),
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name such as localhost`,
    },
  });
}
