import { Injectable } from '@nestjs/common';
import { DEFAULT_ROLE, type Role } from '../../common/auth';
import { PasswordHasher } from './password-hasher';
import { passwordPolicyViolation } from './password-policy';
import { normaliseEmail, type UserEntity } from './user.entity';
import { UserCurrentPasswordWrongError, UserNotFoundError, UserPasswordRejectedError } from './users.errors';
import { type UserChanges, UsersRepository } from './users.repository';

export interface NewUserInput {
  readonly email: string;
  readonly password: string;
  readonly role?: Role;
}

/** Users and their credentials. Passwords enter here and leave only as argon2id hashes. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Registration, the admin CLI and tests create users here; a taken email is UserEmailTakenError. */
  async create(input: NewUserInput): Promise<UserEntity> {
    assertAcceptable('/password', input.password);
    return this.users.insert({
      email: normaliseEmail(input.email),
      passwordHash: await this.hasher.hash(input.password),
      role: input.role ?? DEFAULT_ROLE,
    });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (user === null) throw new UserNotFoundError(id);
    return user;
  }

  /**
   * The user these credentials belong to, or null, in about the same time either way: an unknown
   * email still costs one hash verification, and a disabled user is refused only after theirs. A
   * hash made with other cost parameters than configured is replaced while the password is at hand.
   */
  async update(id: string, changes: UserChanges): Promise<UserEntity> {
    const user = await this.users.update(id, changes);
    if (user === null) throw new UserNotFoundError(id);
    return user;
  }

  async authenticate(email: string, password: string): Promise<UserEntity | null> {
    const user = await this.users.findByEmail(normaliseEmail(email));
    if (user === null) return this.hasher.verifyNothing(password).then(() => null);
    if (!(await this.hasher.verify(user.passwordHash, password)) || user.disabled) return null;
    if (this.hasher.needsRehash(user.passwordHash)) {
      user.passwordHash = await this.hasher.hash(password);
      await this.users.updatePasswordHash(user.id, user.passwordHash);
    }
    return user;
  }

  /** An active or disabled user with this email, whatever its spelling; null when there is none. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(normaliseEmail(email));
  }

  /** A password set without the current one, as a reset does; the caller proved control of the account. */
  async setPassword(userId: string, newPassword: string): Promise<void> {
    assertAcceptable('/newPassword', newPassword);
    await this.users.updatePasswordHash(userId, await this.hasher.hash(newPassword));
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.get(userId);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw new UserCurrentPasswordWrongError();
    assertAcceptable('/newPassword', newPassword);
    await this.users.updatePasswordHash(user.id, await this.hasher.hash(newPassword));
  }
}

function assertAcceptable(pointer: string, password: string): void {
  const violation = passwordPolicyViolation(password);
  if (violation !== undefined) throw new UserPasswordRejectedError(pointer, violation);
}
