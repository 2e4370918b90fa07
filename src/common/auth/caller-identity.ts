/**
 * Who sends a request, for core code that runs before Nest's guards: the idempotency hooks scope
 * stored responses per caller with it, so one user's key never replays another user's response.
 * The auth module provides it (globally); an application without one treats every caller alike.
 */
export abstract class CallerIdentity {
  /** The id of the user a valid access token in this `Authorization` value names, else undefined. */
  abstract identify(authorization: string | undefined): Promise<string | undefined>;
}
