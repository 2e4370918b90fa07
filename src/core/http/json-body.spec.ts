import { forbiddenKeyError, forbiddenKeyPointer, hasDuplicateKeys } from './json-body';

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

describe(forbiddenKeyPointer.name, () => {
  it.each([
    ['a top-level __proto__', '{"a":1,"__proto__":{}}', '/__proto__'],
    ['__proto__ inside an array item', '{"a":[0,{"b":{"__proto__":null}}]}', '/a/1/b/__proto__'],
    ['constructor holding prototype', '{"x":{"constructor":{"prototype":{}}}}', '/x/constructor'],
    ['an escaped key name', '{"a/b":{"__proto__":1}}', '/a~1b/__proto__'],
  ])('points at %s', (_case, text, pointer) => {
    expect(forbiddenKeyPointer(JSON.parse(text))).toBe(pointer);
  });

  it.each([
    ['a constructor that is a string', '{"constructor":"x"}'],
    ['a constructor without prototype', '{"constructor":{"name":"x"}}'],
    ['"__proto__" as a value', '{"a":"__proto__"}'],
  ])('finds nothing in %s', (_case, text) => {
    expect(forbiddenKeyPointer(JSON.parse(text))).toBeUndefined();
  });

  // A recursive walk overflows the stack at this depth. Its time is not asserted: unit tests run on
  // shared machines.
  it('finds a key 200 000 levels deep without recursion', () => {
    const depth = 200_000;
    const text = `${'{"a":'.repeat(depth)}{"__proto__":1}${'}'.repeat(depth)}`;

    const pointer = forbiddenKeyPointer(JSON.parse(text));

    expect(pointer).toBe(`${'/a'.repeat(depth)}/__proto__`);
  });
});

describe(forbiddenKeyError.name, () => {
  it('leaves text that is not JSON to the parser error', () => {
    expect(forbiddenKeyError('{"__proto__":')).toBeUndefined();
  });
});
