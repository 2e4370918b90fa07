import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem-details';
import { REQUEST_ID_HEADER } from './request-id';
import { SECURITY_HEADERS } from './security';

const STATUS_BY_PARSER_ERROR: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const DETAIL_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'The request could not be parsed as HTTP.',
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
  const title = STATUS_CODES[status] ?? 'Client Error';
  const code = title.toUpperCase().replace(/[^A-Z]+/g, '_');
  const body = JSON.stringify({
    type: problemType(code),
    title,
    status,
    detail: DETAIL_BY_STATUS[status] ?? DETAIL_BY_STATUS[400],
    requestId,
    code,
  });
  return [
    `HTTP/1.1 ${status} ${title}`,
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
  const title = STATUS_CODES[status] ?? 'Client Error';
  const code = title.toUpperCase().replace(/[^A-Z]+/g, '_');
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header(REQUEST_ID_HEADER, request.id)
    .headers(SECURITY_HEADERS)
    .send({
      type: problemType(code),
      title,
      status,
      detail:
        error.code === 'FST_ERR_BAD_URL' ? 'The request URL is not validly percent-encoded.' : DETAIL_BY_STATUS[400],
      instance: request.url,
      requestId: request.id,
      code,
    });
}
