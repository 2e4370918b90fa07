export { type AuthenticatedRequest, CallerIdentity } from './caller-identity';
export { CurrentPrincipal, IS_PUBLIC, Public, REQUIRED_ROLES, Roles } from './auth.decorators';
export { isOwnerOrAdmin } from './ownership';
export type { Principal } from './principal';
export { DEFAULT_ROLE, type Role, ROLES } from './roles';
