import type { FastifyInstance } from 'fastify';
import { HttpProblemError } from '../errors/http-problem.error';

/**
 * Fatal: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD, which would be
 * stored as if the client had sent it. The BOM is skipped (RFC 8259 lets a parser ignore it).
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Labels of UTF-8 in a `charset` parameter; `utf8` is not registered but common in clients. */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/**
 * JSON exchanged between systems is UTF-8 (RFC 8259 §8.1): a body declared in another charset is
 * refused rather than decoded as if it were UTF-8, which silently corrupts Latin-1 and turns
 * UTF-16 into garbage. No `charset` parameter means UTF-8.
 */
export function unsupportedCharsetError(contentType: string | undefined): HttpProblemError | undefined {
  const match = CHARSET_PARAMETER.exec(contentType ?? '');
  if (match === null) return undefined;
  const charset = (match[1] ?? match[2] ?? '').toLowerCase();
  if (UTF8_LABELS.has(charset)) return undefined;
  return new HttpProblemError(
    415,
    'UNSUPPORTED_CHARSET',
    `The charset "${charset.slice(0, 40)}" is not supported; send the body as UTF-8.`,
  );
}

/** The body as text, or an error when its bytes are not UTF-8. */
export function decodeUtf8Body(body: Buffer): string | HttpProblemError {
  try {
    return UTF8.decode(body);
  } catch {
    return new HttpProblemError(400, 'INVALID_ENCODING', 'The request body is not valid UTF-8.');
  }
}

/**
 * The query string must percent-decode to UTF-8: Fastify's parser turns `%FF` into U+FFFD and
 * keeps a stray `%` as is, so the handler would see a value the client never meant. Checked in
 * `onRequest`, before routing and any other work, and only when the query holds a `%` at all.
 */
export function rejectUndecodableQueries(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const url = request.raw.url ?? '';
    const queryStart = url.indexOf('?');
    done(queryStart === -1 || isDecodable(url.slice(queryStart + 1)) ? undefined : invalidQueryError());
  });
}

function isDecodable(query: string): boolean {
  if (!query.includes('%')) return true;
  try {
    // Throws on a `%` not followed by two hex digits and on escapes that are not UTF-8.
    decodeURIComponent(query);
    return true;
  } catch {
    return false;
  }
}

function invalidQueryError(): HttpProblemError {
  return new HttpProblemError(
    400,
    'INVALID_ENCODING',
    'The query string is not validly percent-encoded UTF-8 (a "%" must start an escape such as %C3%A9).',
  );
}
