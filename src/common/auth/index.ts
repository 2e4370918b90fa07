export { CurrentPrincipal, IS_PUBLIC, Public, REQUIRED_ROLES, Roles } from './auth.decorators';
export { CallerIdentity, type AuthenticatedRequest } from './caller-identity';
export { isOwnerOrAdmin } from './ownership';
export type { Principal } from './principal';
export { DEFAULT_ROLE, ROLES, type Role } from './roles';
