import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  InternalServerErrorException,
  SetMetadata,
} from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses } from '../openapi';
import type { Principal } from './principal';
import type { Role } from './roles';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/**
 * Every route requires a valid bearer token unless its handler or controller is marked public.
 * In the OpenAPI document the operation then accepts anonymous callers (`security: [{}]`).
 */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
}

/** The caller must hold one of these roles (403 otherwise). On a handler it replaces the controller's list. */
export function Roles(...roles: readonly [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiProblemResponses(403));
}

/** The authenticated caller of a non-public route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  // Only a public route can lack one, and a public route has no caller to ask for.
  if (principal === undefined) throw new InternalServerErrorException('CurrentPrincipal used on a public route');
  return principal;
});
