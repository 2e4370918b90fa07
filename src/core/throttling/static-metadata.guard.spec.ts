import { type ExecutionContext, SetMetadata, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle, Throttle, ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { MemoizingReflector, StaticMetadataThrottlerGuard } from './static-metadata.guard';

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

@Throttle({ default: { limit: 1, ttl: 60_000 } })
class StrictController {
  create(): void {
    // Only its metadata matters.
  }

  @SkipThrottle()
  probe(): void {
    // Only its metadata matters.
  }

  @Throttle({ default: { limit: 3, ttl: 60_000, blockDuration: 5_000 } })
  search(): void {
    // Only its metadata matters.
  }
}

class OpenController {
  list(): void {
    // Only its metadata matters.
  }
}

type Route = [handler: () => void, controller: Type];

const ROUTES = {
  classLimit: [StrictController.prototype.create, StrictController],
  skipped: [StrictController.prototype.probe, StrictController],
  handlerLimit: [StrictController.prototype.search, StrictController],
  moduleLimit: [OpenController.prototype.list, OpenController],
} satisfies Record<string, Route>;

interface FakeRequest {
  readonly ip: string;
  readonly headers: Record<string, string>;
}

/** What a guard decided for one request: allowed, or the error it threw, and the headers it set. */
interface Outcome {
  readonly allowed?: boolean;
  readonly error?: string;
  readonly headers: Record<string, string | number>;
}

function httpContext(
  [handler, controller]: Route,
  request: FakeRequest,
  headers: Outcome['headers'],
): ExecutionContext {
  const response = {
    header(name: string, value: string | number): void {
      headers[name] = value;
    },
  };
  const http = { getRequest: () => request, getResponse: () => response, getNext: () => undefined };
  const context: Partial<ExecutionContext> = {
    getHandler: () => handler,
    getClass: (() => controller) as ExecutionContext['getClass'],
    getType: (() => 'http') as ExecutionContext['getType'],
    switchToHttp: () => http as ReturnType<ExecutionContext['switchToHttp']>,
  };
  return context as ExecutionContext;
}

async function outcomeOf(guard: ThrottlerGuard, route: Route, request: FakeRequest): Promise<Outcome> {
  const headers: Outcome['headers'] = {};
  try {
    return { allowed: await guard.canActivate(httpContext(route, request, headers)), headers };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}`, headers };
  }
}

async function guardsFor(options: ThrottlerModuleOptions): Promise<[ThrottlerGuard, StaticMetadataThrottlerGuard]> {
  const library = new ThrottlerGuard(options, new MemoryThrottlerStorage(60_000), new Reflector());
  const planned = new StaticMetadataThrottlerGuard(options, new MemoryThrottlerStorage(60_000));
  await Promise.all([library.onModuleInit(), planned.onModuleInit()]);
  return [library, planned];
}

const alice: FakeRequest = { ip: '10.0.0.1', headers: { 'user-agent': 'curl' } };
const bob: FakeRequest = { ip: '10.0.0.2', headers: { 'user-agent': 'curl', 'x-internal': '1' } };

describe(StaticMetadataThrottlerGuard.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const sequence: [Route, FakeRequest][] = [
    ...Array.from({ length: 4 }, (): [Route, FakeRequest] => [ROUTES.moduleLimit, alice]),
    ...Array.from({ length: 3 }, (): [Route, FakeRequest] => [ROUTES.classLimit, alice]),
    ...Array.from({ length: 5 }, (): [Route, FakeRequest] => [ROUTES.handlerLimit, alice]),
    ...Array.from({ length: 3 }, (): [Route, FakeRequest] => [ROUTES.skipped, alice]),
    ...Array.from({ length: 4 }, (): [Route, FakeRequest] => [ROUTES.moduleLimit, bob]),
  ];

  const configurations: [string, ThrottlerModuleOptions][] = [
    ['one throttler', { throttlers: [{ limit: 2, ttl: 60_000 }] }],
    [
      'two named throttlers, one of them skipping some clients',
      {
        throttlers: [
          { name: 'default', limit: 2, ttl: 60_000 },
          { name: 'burst', limit: 3, ttl: 1_000, skipIf: (context) => 'x-internal' in httpRequestOf(context).headers },
        ],
      },
    ],
    [
      'module-wide options (key generator, message, no headers for one throttler)',
      {
        throttlers: [{ limit: 2, ttl: 60_000, setHeaders: false }],
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        errorMessage: 'Slow down.',
      },
    ],
    ['a limit computed per request (the library decides)', { throttlers: [{ limit: () => 2, ttl: 60_000 }] }],
  ];

  it.each(configurations)(
    'allows, refuses and sets headers as ThrottlerGuard does with %s',
    async (_label, options) => {
      const [library, planned] = await guardsFor(options);

      for (const [route, request] of sequence) {
        const expected = await outcomeOf(library, route, request);
        const actual = await outcomeOf(planned, route, request);

        expect(actual).toEqual(expected);
      }
    },
  );

  it('refuses after the limit, through the library code path that throws the 429', async () => {
    const [, planned] = await guardsFor({ throttlers: [{ limit: 1, ttl: 60_000 }] });

    await outcomeOf(planned, ROUTES.moduleLimit, alice);
    const refused = await outcomeOf(planned, ROUTES.moduleLimit, alice);

    expect(refused.error).toMatch(/^ThrottlerException: /);
  });

  it("reads a route's metadata on its first request only", async () => {
    const [, planned] = await guardsFor({ throttlers: [{ limit: 100, ttl: 60_000 }] });
    await outcomeOf(planned, ROUTES.handlerLimit, alice);
    const getMetadata = jest.spyOn(Reflect, 'getMetadata');

    await outcomeOf(planned, ROUTES.handlerLimit, alice);
    await outcomeOf(planned, ROUTES.handlerLimit, bob);

    expect(getMetadata).not.toHaveBeenCalled();
  });

  it('asks a limit that is a function of the request on every request', async () => {
    const limit = jest.fn<number, [ExecutionContext]>().mockReturnValue(5);
    const [, planned] = await guardsFor({ throttlers: [{ limit, ttl: 60_000 }] });

    await outcomeOf(planned, ROUTES.moduleLimit, alice);
    await outcomeOf(planned, ROUTES.moduleLimit, alice);

    expect(limit).toHaveBeenCalledTimes(2);
  });
});

function httpRequestOf(context: ExecutionContext): FakeRequest {
  return context.switchToHttp().getRequest<FakeRequest>();
}
