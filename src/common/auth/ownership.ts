import type { Principal } from './principal';

/**
 * The ownership rule of rows that have an owner (the reference's articles have an author): an
 * admin may change any row, anyone else only their own. A row whose owner is gone (`null`: the
 * account was deleted) belongs to nobody, so only admins may change it.
 */
export function isOwnerOrAdmin(caller: Pick<Principal, 'userId' | 'role'>, ownerId: string | null): boolean {
  return caller.role === 'admin' || (ownerId !== null && ownerId === caller.userId);
}
