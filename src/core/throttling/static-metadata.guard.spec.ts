import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MemoizingReflector } from './static-metadata.guard';

const LIMIT = 'limit';
const SKIP = 'skip';

@SetMetadata(LIMIT, 10)
class Decorated {
  @SetMetadata(LIMIT, 3)
  overriding(): void {
    // Only its metadata matters.
  }

  inheriting(): void {
    // Only its metadata matters.
  }
}

class Bare {
  plain(): void {
    // Only its metadata matters.
  }
}

const { overriding, inheriting } = Decorated.prototype;
const { plain } = Bare.prototype;

describe(MemoizingReflector.name, () => {
  const reference = new Reflector();

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['the handler overrides the class', LIMIT, overriding, Decorated],
    ['the class applies when the handler has none', LIMIT, inheriting, Decorated],
    ['neither has the key', SKIP, overriding, Decorated],
    ['nothing is decorated', LIMIT, plain, Bare],
  ])('answers as Reflector does when %s', (_case, key, handler, classRef) => {
    const reflector = new MemoizingReflector();

    const first = reflector.getAllAndOverride<unknown>(key, [handler, classRef]);
    const second = reflector.getAllAndOverride<unknown>(key, [handler, classRef]);

    const expected = reference.getAllAndOverride<unknown>(key, [handler, classRef]);
    expect(first).toBe(expected);
    expect(second).toBe(expected);
  });

  it('reads the metadata of a key and target pair once, undefined answers included', () => {
    const reflector = new MemoizingReflector();
    const getMetadata = jest.spyOn(Reflect, 'getMetadata');

    for (let call = 0; call < 3; call += 1) {
      reflector.getAllAndOverride<unknown>(SKIP, [inheriting, Decorated]);
      reflector.getAllAndOverride<unknown>(LIMIT, [inheriting, Decorated]);
    }

    // Two targets per key, each read once: the handler (no metadata) and then the class.
    expect(getMetadata).toHaveBeenCalledTimes(4);
  });

  it('keeps the answers of different keys, handlers and classes apart', () => {
    const reflector = new MemoizingReflector();

    expect(reflector.getAllAndOverride<unknown>(LIMIT, [overriding, Decorated])).toBe(3);
    expect(reflector.getAllAndOverride<unknown>(LIMIT, [inheriting, Decorated])).toBe(10);
    expect(reflector.getAllAndOverride<unknown>(SKIP, [inheriting, Decorated])).toBeUndefined();
    expect(reflector.getAllAndOverride<unknown>(LIMIT, [inheriting, Bare])).toBeUndefined();
    expect(reflector.getAllAndOverride<unknown>(LIMIT, [plain, Decorated])).toBe(10);
  });
});
