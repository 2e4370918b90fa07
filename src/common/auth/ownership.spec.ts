import { isOwnerOrAdmin } from './ownership';

const OWNER = '5f0c7a52-8d1e-4b7a-9a39-0d2f6f1c2b11';
const SOMEONE_ELSE = '9b2e4c61-3f5a-4d8e-8c17-6a0b1d2e3f40';

describe(isOwnerOrAdmin.name, () => {
  it('lets the owner change their row', () => {
    expect(isOwnerOrAdmin({ userId: OWNER, role: 'user' }, OWNER)).toBe(true);
  });

  it('refuses a user who does not own the row', () => {
    expect(isOwnerOrAdmin({ userId: SOMEONE_ELSE, role: 'user' }, OWNER)).toBe(false);
  });

  it('lets an admin change any row', () => {
    expect(isOwnerOrAdmin({ userId: SOMEONE_ELSE, role: 'admin' }, OWNER)).toBe(true);
  });

  it('refuses every user a row whose owner is gone', () => {
    expect(isOwnerOrAdmin({ userId: OWNER, role: 'user' }, null)).toBe(false);
  });

  it('lets an admin change a row whose owner is gone', () => {
    expect(isOwnerOrAdmin({ userId: OWNER, role: 'admin' }, null)).toBe(true);
  });
});
