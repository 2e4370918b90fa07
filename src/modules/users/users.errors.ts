import { DomainError } from '../../common/errors';

export class UserEmailTakenError extends DomainError {
  readonly code = 'USERS_EMAIL_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('A user with this email already exists.');
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USERS_NOT_FOUND';
  readonly kind = 'not-found';

  constructor(id: string) {
    super(`User ${id} does not exist.`);
  }
}

/** The password breaks the policy (password-policy.ts); DTOs check it first, so this guards other callers. */
export class UserPasswordRejectedError extends DomainError {
  readonly code = 'USERS_PASSWORD_REJECTED';
  readonly kind = 'invalid';
  override readonly errors;

  constructor(pointer: string, detail: string) {
    super(`The password ${detail}.`);
    this.errors = [{ pointer, detail }];
  }
}

/** A password change whose current password is wrong. */
export class UserCurrentPasswordWrongError extends DomainError {
  readonly code = 'USERS_CURRENT_PASSWORD_WRONG';
  readonly kind = 'invalid';
  override readonly errors = [{ pointer: '/currentPassword', detail: 'is not the current password' }];

  constructor() {
    super('The current password is wrong.');
  }
}
