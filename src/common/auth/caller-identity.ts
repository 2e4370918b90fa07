/**
 * A request as authentication reads it: its `Authorization` header. The object itself identifies
 * the request, so the idempotency hooks and the guard share one authentication of it.
 */
export interface AuthenticatedRequest {
  readonly headers: { readonly authorization?: string | undefined };
}

/**
 * Who sends a request, for core code that runs before Nest's guards: the idempotency hooks scope
 * stored responses per caller with it, so one user's key never replays another user's response.
 * The auth module provides it (globally); an application without one treats every caller alike.
 */
export abstract class CallerIdentity {
  /**
   * The id of the user a valid access token in the request's `Authorization` header names, else
   * undefined. The guard reuses this outcome: the token is verified and the session read once.
   */
  abstract identify(request: AuthenticatedRequest): Promise<string | undefined>;
}
