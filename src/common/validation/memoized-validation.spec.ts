import { MemoizedValidation, ValidationMemo, validationMemoOf } from './memoized-validation';

class Query {
  limit = 20;
  tag?: string;
}

function validated(limit: number, tag?: string): Query {
  return Object.assign(new Query(), { limit, tag });
}

describe(ValidationMemo.name, () => {
  it('keys a parsed query by its values, string arrays included', () => {
    const memo = new ValidationMemo(Query);

    expect(memo.keyOf({ limit: '5', tag: ['a', 'b'] })).toBe('{"limit":"5","tag":["a","b"]}');
    expect(memo.keyOf({ limit: 5 })).toBeUndefined();
    expect(memo.keyOf({ nested: { a: '1' } })).toBeUndefined();
    expect(memo.keyOf('limit=5')).toBeUndefined();
    expect(memo.keyOf({ tag: 'x'.repeat(600) })).toBeUndefined();
  });

  it('rebuilds an instance of the DTO with exactly the remembered properties', () => {
    const memo = new ValidationMemo(Query);
    const original = validated(5);
    Reflect.deleteProperty(original, 'limit');
    memo.remember('k', original);

    const recalled = memo.recall('k');

    expect(recalled).toBeInstanceOf(Query);
    expect(Object.keys(recalled!)).toEqual(Object.keys(original));
  });

  it('forgets the least recently used query beyond 256', () => {
    const memo = new ValidationMemo(Query);
    for (let limit = 0; limit < 256; limit += 1) memo.remember(`k${limit}`, validated(limit));
    memo.recall('k0');

    memo.remember('k256', validated(256));

    expect(memo.recall('k0')).toEqual(validated(0));
    expect(memo.recall('k1')).toBeUndefined();
    expect(memo.recall('k256')).toEqual(validated(256));
  });

  it('remembers only instances of its DTO', () => {
    const memo = new ValidationMemo(Query);

    memo.remember('k', { limit: 5 });

    expect(memo.recall('k')).toBeUndefined();
  });

  it('is found for the classes the decorator marks only', () => {
    @MemoizedValidation()
    class Marked {}

    expect(validationMemoOf(Marked)).toBeInstanceOf(ValidationMemo);
    expect(validationMemoOf(Query)).toBeUndefined();
    expect(validationMemoOf(undefined)).toBeUndefined();
  });
});
