/** Long enough for a load balancer to have moved a client elsewhere, short enough not to stall it. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
/** A switched-off route stays off until the next start: clients should not come back every few seconds. */
export const SWITCHED_OFF_RETRY_AFTER_SECONDS = 300;

/**
 * The service cannot answer right now for a known, temporary reason (shutting down, a dependency
 * down). Rendered as 503 problem+json with Retry-After and logged as a warning: it is an
 * operational state, not a bug.
 */
export class ServiceUnavailableError extends Error {
  /** The problem's `code`; subclasses name a more specific reason. */
  readonly code: string = 'SERVICE_UNAVAILABLE';

  constructor(
    message: string,
    /** Extra members of the problem document, such as the per-check results of a readiness probe. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
    /** `info` for a state the operator chose, such as a shutdown drain; `warn` for an outage. */
    readonly logLevel: 'warn' | 'info' = 'warn',
    readonly retryAfterSeconds: number = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  ) {
    super(message);
    this.name = ServiceUnavailableError.name;
  }
}

/**
 * The process is past its capacity (event loop or heap, src/core/http/load-shedding.ts): the request
 * is refused before any work, so the ones already accepted keep their latency. Clients may retry
 * soon, against this instance or another one.
 */
export class ServiceOverloadedError extends ServiceUnavailableError {
  override readonly code = 'SERVICE_OVERLOADED';

  constructor(retryAfterSeconds: number) {
    super('The service is overloaded. Retry later.', {}, 'warn', retryAfterSeconds);
    this.name = ServiceOverloadedError.name;
  }
}

/**
 * An operator switched this part of the API off (`DISABLED_ROUTES`, src/core/http/switched-off-routes.ts).
 * Logged at info: it is a decision, not an outage. Retry-After is long, the switch lasts until a restart.
 */
export class RouteSwitchedOffError extends ServiceUnavailableError {
  override readonly code = 'ROUTE_SWITCHED_OFF';

  constructor() {
    super(
      'This part of the service is switched off by its operator. Retry later.',
      {},
      'info',
      SWITCHED_OFF_RETRY_AFTER_SECONDS,
    );
    this.name = RouteSwitchedOffError.name;
  }
}
