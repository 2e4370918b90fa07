import { Inject, Injectable } from '@nestjs/common';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { AuthConfig } from '../../config';

/**
 * The PHC prefix of argon2id, the library's default algorithm (its `Algorithm` enum is declared
 * `const`, which isolated modules cannot read); password-hasher.spec.ts checks hashes carry it.
 */
const ARGON2ID_PREFIX = '$argon2id$';

/**
 * argon2id through @node-rs/argon2 (decision 0600): hashing runs on libuv's thread pool, so a
 * login never blocks the event loop. The cost parameters come from configuration; `needsRehash`
 * tells the caller when a stored hash was made with others, so raising them upgrades every hash at
 * its owner's next login.
 */
@Injectable()
export class PasswordHasher {
  /** Verified against when the email is unknown, so that answer takes as long as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {}

  hash(password: string): Promise<string> {
    const { memoryKib, iterations, parallelism } = this.config.passwordHashing;
    return hash(password, { memoryCost: memoryKib, timeCost: iterations, parallelism });
  }

  /** False for a wrong password and for a stored value that is not an argon2 hash at all. */
  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification and answers false: for logins naming no user. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(storedHash: string): boolean {
    const { memoryKib, iterations, parallelism } = this.config.passwordHashing;
    try {
      const current = parseOptions(storedHash);
      return (
        !storedHash.startsWith(ARGON2ID_PREFIX) ||
        current.memoryCost !== memoryKib ||
        current.timeCost !== iterations ||
        current.parallelism !== parallelism
      );
    } catch {
      return true;
    }
  }
}
