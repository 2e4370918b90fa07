import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { isExpectedFailure } from './expected-failure-log';

/** Label for requests that matched no route: raw URLs would leak into logs and metrics unbounded. */
export const UNMATCHED_ROUTE = '(unmatched)';

export function routeTemplate(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * Replaces Fastify's "incoming request" / "request completed" pair with one line per request,
 * written when the response is finished, naming the route template rather than the raw URL.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // The single line per request is written on completion.
  }

  override routeNotFound(): void {
    // Unmatched requests are already reported by the completion line with the unmatched label.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = {
      method: request.method,
      route: routeTemplate(request),
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) {
      reply.log.error({ ...fields, err: error }, 'request failed');
    } else if (isExpectedFailure(request)) {
      // Counted in the aggregated lines of the exception filter; one line each would flood an outage.
      reply.log.debug(fields, 'request completed');
    } else if (reply.statusCode >= 500) {
      reply.log.error(fields, 'request completed');
    } else {
      reply.log.info(fields, 'request completed');
    }
  }
}
