import { parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe(parseIdempotencyKey.name, () => {
  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"order 42"', 'order 42'],
    ['k', 'k'],
    ['a'.repeat(255), 'a'.repeat(255)],
  ])('accepts %j as the key %j', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each([
    ['empty', ''],
    ['empty quoted', '""'],
    ['longer than 255 characters', 'a'.repeat(256)],
    ['a bare space', 'order 42'],
    ['two headers joined by a comma', 'first, second'],
    ['an unbalanced quote', '"abc'],
    ['a quote inside', 'a"b'],
    ['a backslash', 'a\\b'],
    ['a control character', 'a\tb'],
    ['non-ASCII', 'clé'],
  ])('rejects %s', (_case, header) => {
    expect(parseIdempotencyKey(header)).toBeUndefined();
  });
});

describe(requestFingerprint.name, () => {
  const body = { title: 'Hello', tags: ['a'] };

  it('is the same for the same method, URL and body', () => {
    expect(requestFingerprint('POST', '/v1/articles', body)).toBe(
      requestFingerprint('POST', '/v1/articles', { title: 'Hello', tags: ['a'] }),
    );
  });

  it.each([
    ['method', 'PATCH', '/v1/articles', body],
    ['URL', 'POST', '/v1/articles?draft=true', body],
    ['body', 'POST', '/v1/articles', { ...body, title: 'Other' }],
  ])('differs when the %s differs', (_part, method, url, otherBody) => {
    expect(requestFingerprint(method, url, otherBody)).not.toBe(requestFingerprint('POST', '/v1/articles', body));
  });

  it('tells an absent body from an empty object', () => {
    expect(requestFingerprint('POST', '/v1/articles', undefined)).not.toBe(
      requestFingerprint('POST', '/v1/articles', {}),
    );
  });
});
