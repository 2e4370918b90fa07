import { randomUUID } from 'node:crypto';
import { loadSheddingOf } from '../../src/core/http/load-shedding';
import type { Headers, InjectTarget } from './http';
import { type ContractCall, OpenApiContract, replayHttpLayerErrors } from './openapi-contract';
import { createTestApp, type TestApp } from './test-app';

/*
 * What the OpenAPI contract specs share: test/e2e/openapi-contract.e2e-spec.ts replays the routes
 * every service keeps (health, auth, users), articles-openapi-contract.e2e-spec.ts the example
 * modules', which `init --without-examples` removes with it.
 */

/** Small, so a client spends its budget in a few requests; each replay comes from a client of its own. */
export const CONTRACT_RATE_LIMIT = 3;

/** The operations anyone may call; every other one answers 401 without a valid token. */
export const PUBLIC_URLS: ReadonlySet<string> = new Set([
  '/health/live',
  '/health/ready',
  '/v1/auth/register',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
]);

/** Routes marked @WithoutIdempotencyKey(): their bodies and answers carry credentials. */
export const WITHOUT_IDEMPOTENCY_KEY: ReadonlySet<string> = new Set([
  '/v1/auth/register',
  '/v1/auth/login',
  '/v1/auth/refresh',
  '/v1/auth/logout',
  '/v1/auth/password',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
]);

export interface Resource {
  readonly id: string;
  readonly version: number;
}

/**
 * One app per file: @nestjs-cls/transactional keeps one TransactionHost per process, so a second
 * app would take over the first one's transactions. Each request comes from its own client
 * address, and so has its own rate-limit budget, except those sent through `clientAt`.
 */
export class ContractReplay {
  private clients = 0;
  private overloaded = false;

  private constructor(
    readonly testApp: TestApp,
    readonly contract: OpenApiContract,
    /** The file's admin: calls are sent as them unless they bring their own credentials. */
    readonly admin: Headers,
  ) {}

  static async start(): Promise<ContractReplay> {
    const testApp = await createTestApp({
      THROTTLE_LIMIT: String(CONTRACT_RATE_LIMIT),
      AUTH_REGISTRATION_ENABLED: 'true',
    });
    const replay = new ContractReplay(testApp, await OpenApiContract.of(testApp.app), await testApp.credentials());
    loadSheddingOf(testApp.app.getHttpAdapter().getInstance())?.addCheck('contractTest', () => replay.overloaded);
    return replay;
  }

  /** The app as seen from one client address. */
  clientAt(remoteAddress: string): InjectTarget {
    return { inject: (options) => this.testApp.app.inject({ ...options, remoteAddress }) };
  }

  /** A client address of its own, so that its rate-limit budget is whole. */
  nextClient(): InjectTarget {
    this.clients += 1;
    return this.clientAt(`10.0.${Math.floor(this.clients / 256)}.${this.clients % 256}`);
  }

  /** As the file's admin, unless the call brings its own credentials. */
  send(call: ContractCall, headers?: Headers): ReturnType<OpenApiContract['request']> {
    return this.contract.request(this.nextClient(), call.method, call.url, call.body, {
      ...this.admin,
      ...call.headers,
      ...headers,
    });
  }

  sendAnonymous(call: ContractCall): ReturnType<OpenApiContract['request']> {
    return this.contract.request(this.nextClient(), call.method, call.url, call.body);
  }

  async create(path: string, body: unknown): Promise<Resource> {
    const response = await this.send({ method: 'POST', url: path, body });
    if (response.statusCode !== 201) throw new Error(`POST ${path} answered ${response.statusCode}: ${response.body}`);
    return response.json<Resource>();
  }

  /** Runs `work` while the instance sheds every request load shedding may refuse. */
  async whileOverloaded(work: () => Promise<void>): Promise<void> {
    this.overloaded = true;
    try {
      await work();
    } finally {
      this.overloaded = false;
    }
  }

  close(): Promise<void> {
    return this.testApp.close();
  }
}

const honoursIdempotencyKey = (call: ContractCall): boolean =>
  call.body !== undefined && !WITHOUT_IDEMPOTENCY_KEY.has(call.url);

/**
 * Declares, in the calling describe block, the replays every route shares: a documented success,
 * the HTTP layer's errors (400, 404, 413, 414, 415), 503 while shedding, 429 once the budget is
 * spent, the Idempotency-Key answers (409, 422) and 401 without a token. `calls` gives one valid
 * call per operation (fresh fixtures where a call changes them); `spendBudget` is a cheap GET the
 * admin may send, to spend a client's rate-limit budget.
 */
export function itReplaysWhatEveryRouteAnswers(
  replay: () => ContractReplay,
  calls: () => Promise<ContractCall[]>,
  spendBudget: ContractCall,
): void {
  it('answers every operation with a documented success', async () => {
    for (const call of await calls()) {
      expect((await replay().send(call)).statusCode).toBeLessThan(300);
    }
  });

  it('documents the errors the HTTP layer answers for any route: 400, 404, 413, 414, 415', async () => {
    const { admin } = replay();
    const asAdminByDefault = (await calls()).map((call) => ({ ...call, headers: { ...admin, ...call.headers } }));
    await replayHttpLayerErrors(replay().contract, () => replay().nextClient(), asAdminByDefault);
  });

  it('documents 503 with Retry-After when the instance sheds load', async () => {
    const all = await calls();
    await replay().whileOverloaded(async () => {
      for (const call of all) {
        const response = await replay().send(call);
        expect(response.statusCode).toBe(call.url === '/health/live' ? 200 : 503);
      }
    });
  });

  it('documents 429 with Retry-After once the rate limit is spent', async () => {
    const { contract, admin } = replay();
    const greedy = replay().clientAt('192.0.2.1');
    for (let sent = 0; sent < CONTRACT_RATE_LIMIT; sent++) {
      expect((await contract.request(greedy, spendBudget.method, spendBudget.url, undefined, admin)).statusCode).toBe(
        200,
      );
    }
    for (const call of await calls()) {
      const response = await contract.request(greedy, call.method, call.url, call.body);
      expect(response.statusCode).toBe(call.url.startsWith('/health') ? 200 : 429);
    }
  });

  it('documents the Idempotency-Key answers: 422 for a reused key, 409 while the first request runs', async () => {
    for (const call of (await calls()).filter(honoursIdempotencyKey)) {
      const key = randomUUID();
      expect((await replay().send(call, { 'idempotency-key': key })).statusCode).toBeLessThan(300);
      const reused = await replay().send(
        { ...call, body: { ...(call.body as object), unexpected: true } },
        { 'idempotency-key': key },
      );
      expect(reused.statusCode).toBe(422);
      // As if the first request were still running: its claim is held and nothing is stored yet.
      await replay().testApp.database.withClient((client) =>
        client.query(
          `UPDATE idempotency_keys SET response_status = NULL, locked_until = now() + interval '1 hour' WHERE key = $1`,
          [key],
        ),
      );
      expect((await replay().send(call, { 'idempotency-key': key })).statusCode).toBe(409);
    }
  });

  it('documents 401 with WWW-Authenticate on every protected operation', async () => {
    for (const call of await calls()) {
      if (PUBLIC_URLS.has(call.url)) continue;
      expect({ call: `${call.method} ${call.url}`, status: (await replay().sendAnonymous(call)).statusCode }).toEqual({
        call: `${call.method} ${call.url}`,
        status: 401,
      });
    }
  });
}
