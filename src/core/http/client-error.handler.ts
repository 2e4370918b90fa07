import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { httpStatusTitle, PROBLEM_CONTENT_TYPE, problemDetails } from '../errors/problem-details';
import { REQUEST_ID_HEADER } from './request-id';
import { SECURITY_HEADERS } from './security';

const STATUS_BY_PARSER_ERROR: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const BAD_REQUEST_DETAIL = 'The request could not be parsed as HTTP.';

const DETAIL_BY_STATUS: Readonly<Record<number, string>> = {
  400: BAD_REQUEST_DETAIL,
  408: 'The request was not received in time.',
  431: 'The request headers are too large.',
};

/**
 * Answers requests Node's HTTP parser rejects before Fastify sees them (oversized headers, slow
 * headers, malformed framing) with the same problem+json shape as every other error, instead of
 * Fastify's ad-hoc JSON, then closes the connection as the parser state is unusable.
 */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = STATUS_BY_PARSER_ERROR[error.code] ?? 400;
  if (socket.writable) socket.write(rawProblemResponse(status));
  socket.destroy();
}

export function rawProblemResponse(status: number): string {
  const requestId = randomUUID();
  // No `instance`: the request target could not be parsed.
  const body = JSON.stringify(
    problemDetails({ status, detail: DETAIL_BY_STATUS[status] ?? BAD_REQUEST_DETAIL, requestId }),
  );
  return [
    `HTTP/1.1 ${status} ${httpStatusTitle(status)}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Fastify answers a few errors before routing (an undecodable URL such as `/v1/articles/%ZZ`) with
 * its own JSON; this renders them as problem+json carrying the request id and, as no hook runs for
 * them, the security headers, like every other error.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header(REQUEST_ID_HEADER, request.id)
    .headers(SECURITY_HEADERS)
    .send(
      problemDetails({
        status,
        detail:
          error.code === 'FST_ERR_BAD_URL' ? 'The request URL is not validly percent-encoded.' : BAD_REQUEST_DETAIL,
        instance: request.url,
        requestId: request.id,
      }),
    );
}
