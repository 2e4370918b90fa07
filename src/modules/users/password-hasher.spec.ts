import type { AuthConfig } from '../../config';
import { PasswordHasher } from './password-hasher';

const HASHING: AuthConfig['passwordHashing'] = { memoryKib: 1024, iterations: 1, parallelism: 1 };

function hasherWith(passwordHashing = HASHING): PasswordHasher {
  return new PasswordHasher({ passwordHashing } as AuthConfig);
}

describe(PasswordHasher.name, () => {
  it('hashes with argon2id and the configured parameters, and verifies the password', async () => {
    const hasher = hasherWith();

    const stored = await hasher.hash('correct horse battery');

    expect(stored).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse batterY')).toBe(false);
  });

  it('answers false, not an error, for a stored value that is not an argon2 hash', async () => {
    expect(await hasherWith().verify('not-a-hash', 'anything')).toBe(false);
  });

  it('asks for a rehash when any parameter or the algorithm differs from the configuration', async () => {
    const hasher = hasherWith();
    expect(hasher.needsRehash(await hasher.hash('x'))).toBe(false);
    expect(hasher.needsRehash(await hasherWith({ ...HASHING, memoryKib: 2048 }).hash('x'))).toBe(true);
    expect(hasher.needsRehash(await hasherWith({ ...HASHING, iterations: 2 }).hash('x'))).toBe(true);
    expect(hasher.needsRehash(await hasherWith({ ...HASHING, parallelism: 2 }).hash('x'))).toBe(true);
    expect(hasher.needsRehash((await hasher.hash('x')).replace('$argon2id$', '$argon2i$'))).toBe(true);
    expect(hasher.needsRehash('not-a-hash')).toBe(true);
  });

  it('verifies nothing for an unknown user, answering false', async () => {
    expect(await hasherWith().verifyNothing('whatever')).toBe(false);
  });
});
