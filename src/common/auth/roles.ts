/** Every role a user can hold. `admin` may do everything a route allows `admin`; `user` is the default. */
export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];
export const DEFAULT_ROLE: Role = 'user';
