import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * How long, once the listener is closed, an idle keep-alive connection may still carry one last
 * request before it is closed. A client that is using its connection sends within milliseconds;
 * one idle for this long is not, and closing it then races only a request sent at that instant.
 */
export const IDLE_CONNECTION_GRACE_MS = 1_000;

/**
 * Ends keep-alive connections without resetting requests on them (RELIABILITY S1). Node's
 * `server.close()` destroys every idle keep-alive connection at once, so a request a client has
 * just sent on one (it cannot know the server is closing) is reset. Instead:
 * 1. once shutdown begins, every response carries `Connection: close`, so each client's next
 *    request goes over a new connection, through the load balancer to another instance;
 * 2. when the readiness delay is over, the listener closes but open connections stay: each may
 *    carry one more request (answered with `Connection: close`) for up to the idle grace;
 * 3. `app.close()` then closes whatever is still idle and waits for requests in flight.
 */
export class ConnectionDrain {
  constructor(private readonly server: Server) {}

  /** Step 1. Costs nothing until shutdown: the listener is added only now. */
  announce(): void {
    // Prepended, so the header is set before Fastify, which may answer in the same tick.
    this.server.prependListener('request', closeAfterResponse);
  }

  /** Step 2. Resolves once every connection has ended, or after `graceMs`, whichever is first. */
  async closeListener(graceMs: number = IDLE_CONNECTION_GRACE_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    const drained = new Promise<void>((resolve) => {
      onClose = resolve;
      // Emitted once the listener is closed and the last connection has ended.
      this.server.once('close', onClose);
      timer = setTimeout(resolve, graceMs);
    });
    // net.Server's close, not http.Server's: the latter also destroys idle connections at once,
    // which is what this step exists to postpone.
    NetServer.prototype.close.call(this.server);
    try {
      await drained;
    } finally {
      clearTimeout(timer);
      if (onClose) this.server.off('close', onClose);
    }
  }
}

function closeAfterResponse(request: IncomingMessage, response: ServerResponse): void {
  if (request.httpVersionMajor < 2 && !response.headersSent) response.setHeader('connection', 'close');
}
