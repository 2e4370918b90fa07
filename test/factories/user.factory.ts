import type { UserEntity } from '../../src/modules/users';

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
