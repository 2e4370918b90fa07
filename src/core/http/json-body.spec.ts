import { hasDuplicateKeys } from './json-body';

function check(text: string): boolean {
  return hasDuplicateKeys(text, JSON.parse(text));
}

describe(hasDuplicateKeys.name, () => {
  it.each([
    ['an object', '{"a":1,"b":2}'],
    ['nested objects with the same key at different levels', '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}'],
    ['colons and escaped quotes inside strings', '{"a:b":"c:d","e":"say \\"x\\":1","f\\"":":"}'],
    ['a string ending in an escaped backslash', '{"a":"\\\\","b":1}'],
    ['a scalar', '"a:b"'],
    ['an empty object and array', '{"a":{},"b":[]}'],
    ['whitespace around members', '{ "a" : 1 ,\n "b" : [ 1 , 2 ] }'],
  ])('accepts %s', (_case, text) => {
    expect(check(text)).toBe(false);
  });

  it.each([
    ['at the top level', '{"a":1,"a":2}'],
    ['in a nested object', '{"a":{"b":1,"b":1}}'],
    ['in an object inside an array', '[{"x":1},{"y":1,"y":2}]'],
    ['spelled with an escape', '{"a":1,"\\u0061":2}'],
    ['after a string ending in an escaped backslash', '{"a":"\\\\","a":1}'],
  ])('detects a duplicate key %s', (_case, text) => {
    expect(check(text)).toBe(true);
  });

  it('walks 200 000 levels of nesting without recursion', () => {
    const depth = 200_000;
    let nested: unknown = 1;
    for (let level = 0; level < depth; level++) nested = { a: nested };

    expect(hasDuplicateKeys(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, nested)).toBe(false);
  });
});
