import type { INestApplicationContext } from '@nestjs/common';
import type { UserEntity } from '../../src/modules/users';
import { createTestUser } from '../utils/auth';

export const TEST_USER_ID = '00000000-0000-4000-8000-000000000001';

/** A user row for unit tests with typed mocks (no database); `overrides` set what a test is about. */
export function aUser(overrides: Partial<UserEntity> = {}): UserEntity {
  const at = new Date('2026-01-01T00:00:00.000Z');
  return {
    id: TEST_USER_ID,
    email: 'ann@example.com',
    passwordHash: 'h',
    role: 'user',
    disabled: false,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/**
 * A stored user, for e2e specs of modules whose rows reference users: users have no create route
 * (an admin command creates them), so it is created as createTestUser creates one, through
 * UsersService. Generated specs call it because it is named `seed<Entity>` (docs/generators.md,
 * Relations): any module without a create route can offer one the same way.
 */
export async function seedUser(app: INestApplicationContext): Promise<UserEntity> {
  return (await createTestUser(app)).user;
}
