import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC, REQUIRED_ROLES, type Role } from '../../common/auth';
import { HttpProblemError } from '../../core/errors/http-problem.error';
import { AccessTokenRejectedError } from './auth.errors';
import { AuthService } from './auth.service';

/**
 * Global (APP_GUARD): every route needs a valid bearer token unless marked `@Public()`, and the
 * caller's role must be among the route's `@Roles()` when it lists any. Runs after the throttler
 * guard, so floods are refused before any token is checked.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      request.principal = await this.auth.authenticateRequest(request);
    } catch (error) {
      throw error instanceof AccessTokenRejectedError ? unauthorized(error) : error;
    }
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles !== undefined && !roles.includes(request.principal.role)) {
      throw new HttpProblemError(403, 'AUTH_FORBIDDEN', 'Your role does not allow this request.');
    }
    return true;
  }
}

/** RFC 6750 §3: no error attribute when no token was sent, `invalid_token` for a refused one. */
function unauthorized(error: AccessTokenRejectedError): HttpProblemError {
  const challenge =
    error.code === 'AUTH_TOKEN_MISSING'
      ? 'Bearer'
      : `Bearer error="invalid_token", error_description="${error.message}"`;
  return new HttpProblemError(401, error.code, error.message, { 'www-authenticate': challenge });
}
