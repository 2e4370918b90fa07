import type { Role } from './roles';

/** Who sent a request, as the global authentication guard established it from the bearer token. */
export interface Principal {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  /** The session (refresh-token family) the access token belongs to. */
  readonly sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication guard on every route not marked `@Public()`. */
    principal?: Principal;
  }
}
