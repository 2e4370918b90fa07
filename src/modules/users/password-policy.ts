import { ValidateBy } from 'class-validator';
import { codePointLength } from '../../common/validation';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * NIST SP 800-63B: at least 8 characters, allow at least 64, check a list of known-bad passwords,
 * no composition rules. 12 leaves dictionary guessing far behind an online attacker's budget; the
 * upper bound keeps one hash's input small (argon2 reads all of it).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is refused (a phrase completing "the password …"), or undefined when acceptable. */
export function passwordPolicyViolation(password: string): string | undefined {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`;
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size === 1) return 'is too common; choose another';
  return undefined;
}

/** A request field holding a new password: a string that passes passwordPolicyViolation. */
export function IsAcceptablePassword(): PropertyDecorator {
  return ValidateBy({
    name: 'isAcceptablePassword',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && passwordPolicyViolation(value) === undefined,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? (passwordPolicyViolation(args.value) ?? 'is not acceptable')
          : 'must be a string',
    },
  });
}
