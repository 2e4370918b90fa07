import type { FastifyInstance } from 'fastify';
import { HttpProblemError } from '../errors/http-problem.error';

/**
 * The longest request target (path and query) served: RFC 9110 §4.1 asks for at least 8 000
 * octets. Longer ones are a 414 problem. It stays well under the header limit (MAX_HEADER_BYTES,
 * which counts the request line too), so the 414 is what a long query meets first; a target past
 * the header limit never reaches Fastify and is Node's 431.
 */
export const MAX_URL_LENGTH = 8 * 1024;

/** Refuses a request target over MAX_URL_LENGTH with 414, before any other work on it. */
export function rejectLongUrls(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    done((request.raw.url ?? '').length > MAX_URL_LENGTH ? uriTooLongError() : undefined);
  });
}

function uriTooLongError(): HttpProblemError {
  return new HttpProblemError(
    414,
    'URI_TOO_LONG',
    `The request target is longer than ${MAX_URL_LENGTH} characters; send large inputs in a request body.`,
  );
}
