import { CursorPosition, decodeCursor, encodeCursor } from './cursor';

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('cursor', () => {
  it('round-trips a position with a timestamp', () => {
    const position = new CursorPosition('-createdAt', '2026-01-02T03:04:05.678Z', ID);

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('round-trips a position whose sort value is null', () => {
    const position = new CursorPosition('publishedAt', null, ID);

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('produces URL-safe text', () => {
    expect(encodeCursor(new CursorPosition('-createdAt', '2026-01-02T03:04:05.678Z', ID))).toMatch(/^[\w-]+$/);
  });

  it.each([
    ['an empty string', ''],
    ['non-base64url characters', 'abc$def'],
    ['padding', `${encodeJson(['s', null, ID])}==`],
    ['text that is not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object', encodeJson({ sort: 's', value: null, id: ID })],
    ['too few elements', encodeJson(['s', null])],
    ['a non-string sort', encodeJson([1, null, ID])],
    ['an id that is not a uuid', encodeJson(['s', null, 'abc'])],
    ['a numeric value', encodeJson(['s', 5, ID])],
    ['a timestamp without milliseconds', encodeJson(['s', '2026-01-02T03:04:05Z', ID])],
    ['an impossible date', encodeJson(['s', '2026-02-30T00:00:00.000Z', ID])],
    ['year zero, which PostgreSQL rejects', encodeJson(['s', '0000-01-01T00:00:00.000Z', ID])],
    ['SQL in the value', encodeJson(['s', "'; DROP TABLE articles; --", ID])],
    ['an oversized input', 'a'.repeat(513)],
  ])('rejects %s', (_description, encoded) => {
    expect(decodeCursor(encoded)).toBeUndefined();
  });
});
