import { COMMON_PASSWORDS } from './common-passwords';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordPolicyViolation } from './password-policy';

describe(passwordPolicyViolation.name, () => {
  it('accepts a long, unusual password', () => {
    expect(passwordPolicyViolation('staple-horse-battery-9')).toBeUndefined();
  });

  it('counts characters, not UTF-16 units: 12 emoji are long enough, 11 are not', () => {
    expect(passwordPolicyViolation('🔑🔒'.repeat(PASSWORD_MIN_LENGTH / 2))).toBeUndefined();
    expect(passwordPolicyViolation('🔑🔒'.repeat(PASSWORD_MIN_LENGTH / 2).slice(0, -2))).toMatch(/characters long/);
  });

  it.each([
    ['one short of the minimum', 'x1y2z3w4v5u'],
    ['one over the maximum', 'ab'.repeat(PASSWORD_MAX_LENGTH / 2) + 'c'],
  ])('refuses a password %s', (_label, password) => {
    expect(passwordPolicyViolation(password)).toBe(
      `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    );
  });

  it('refuses every bundled common password, in any case', () => {
    for (const common of COMMON_PASSWORDS) {
      expect(passwordPolicyViolation(common.toUpperCase())).toBe('is too common; choose another');
    }
  });

  it('keeps only entries the length rule would let through, lower-cased (others could never match)', () => {
    for (const common of COMMON_PASSWORDS) {
      expect(common).toBe(common.toLowerCase());
      expect(common.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    }
  });

  it('refuses one character repeated', () => {
    expect(passwordPolicyViolation('Z'.repeat(20))).toBe('is too common; choose another');
  });
});
