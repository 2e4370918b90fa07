import { rawAuthFromEnv } from './app';

const REQUIRED = { AUTH_JWT_KEYS: 'k1:c2VjcmV0', AUTH_JWT_ISSUER: 'issuer', AUTH_JWT_AUDIENCE: 'audience' };

describe(rawAuthFromEnv.name, () => {
  it("allows the reference's default clock skew when AUTH_CLOCK_SKEW_SECONDS is absent or empty", () => {
    expect(rawAuthFromEnv(REQUIRED)).toEqual({
      keys: 'k1:c2VjcmV0',
      issuer: 'issuer',
      audience: 'audience',
      clockSkewSeconds: 30,
    });
    expect(rawAuthFromEnv({ ...REQUIRED, AUTH_CLOCK_SKEW_SECONDS: '' }).clockSkewSeconds).toBe(30);
  });

  it('reads AUTH_CLOCK_SKEW_SECONDS as the reference does', () => {
    expect(rawAuthFromEnv({ ...REQUIRED, AUTH_CLOCK_SKEW_SECONDS: '0' }).clockSkewSeconds).toBe(0);
    expect(rawAuthFromEnv({ ...REQUIRED, AUTH_CLOCK_SKEW_SECONDS: '120' }).clockSkewSeconds).toBe(120);
  });

  it.each(['-1', '1.5', 'soon'])('refuses AUTH_CLOCK_SKEW_SECONDS=%s', (value) => {
    expect(() => rawAuthFromEnv({ ...REQUIRED, AUTH_CLOCK_SKEW_SECONDS: value })).toThrow(
      `AUTH_CLOCK_SKEW_SECONDS must be a whole number of seconds, got "${value}"`,
    );
  });

  it('requires the keys, issuer and audience', () => {
    expect(() => rawAuthFromEnv({ ...REQUIRED, AUTH_JWT_AUDIENCE: undefined })).toThrow(
      'AUTH_JWT_KEYS, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required',
    );
  });
});
