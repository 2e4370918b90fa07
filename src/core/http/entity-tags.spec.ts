import { entityTag, noneMatchFails, parseEntityTagCondition, versionsMatching } from './entity-tags';

describe('entity tags', () => {
  describe(entityTag.name, () => {
    it('quotes the version: a strong tag', () => {
      expect(entityTag(42)).toBe('"42"');
    });
  });

  describe(parseEntityTagCondition.name, () => {
    it('reads * as any current representation', () => {
      expect(parseEntityTagCondition(' * ')).toBe('*');
    });

    it('reads a list of strong and weak tags, with optional whitespace and empty elements', () => {
      expect(parseEntityTagCondition('"1", W/"2" ,,\t"",  "a#!~"')).toEqual([
        { weak: false, opaque: '1' },
        { weak: true, opaque: '2' },
        { weak: false, opaque: '' },
        { weak: false, opaque: 'a#!~' },
      ]);
    });

    it.each([
      ['an unquoted tag', '1'],
      ['an unterminated tag', '"1'],
      ['two tags without a comma', '"1" "2"'],
      ['a weak prefix without quotes', 'W/1'],
      ['a lower-case weak prefix', 'w/"1"'],
      ['a quote inside the tag', '"a"b"'],
      ['a space inside the tag', '"a b"'],
      ['* in a list', '"1", *'],
      ['only commas', ' , '],
      ['nothing', ''],
    ])('rejects %s', (_case, value) => {
      expect(parseEntityTagCondition(value)).toBeUndefined();
    });
  });

  describe(noneMatchFails.name, () => {
    it('matches the current version by weak comparison, anywhere in the list', () => {
      expect(noneMatchFails([{ weak: false, opaque: '3' }], 3)).toBe(true);
      expect(noneMatchFails([{ weak: true, opaque: '3' }], 3)).toBe(true);
      expect(
        noneMatchFails(
          [
            { weak: false, opaque: '1' },
            { weak: true, opaque: '3' },
          ],
          3,
        ),
      ).toBe(true);
    });

    it('matches any version for *', () => {
      expect(noneMatchFails('*', 7)).toBe(true);
    });

    it('does not match another version', () => {
      expect(noneMatchFails([{ weak: false, opaque: '2' }], 3)).toBe(false);
    });
  });

  describe(versionsMatching.name, () => {
    it('imposes no version for *', () => {
      expect(versionsMatching('*')).toBeUndefined();
    });

    it('lists the versions of the strong tags', () => {
      expect(
        versionsMatching([
          { weak: false, opaque: '1' },
          { weak: false, opaque: '2147483647' },
        ]),
      ).toEqual([1, 2_147_483_647]);
    });

    it('ignores weak tags (strong comparison) and tags that are no version this service sends', () => {
      expect(
        versionsMatching([
          { weak: true, opaque: '1' },
          { weak: false, opaque: '01' },
          { weak: false, opaque: '0' },
          { weak: false, opaque: '2147483648' },
          { weak: false, opaque: '1e3' },
          { weak: false, opaque: 'abc' },
        ]),
      ).toEqual([]);
    });
  });
});
