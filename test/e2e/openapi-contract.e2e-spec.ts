import type { OperationObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { AuthService } from '../../src/modules/auth';
import { createTestUser, passwordResetToken, strongPassword, type TestUser } from '../utils/auth';
import type { ContractCall } from '../utils/openapi-contract';
import { ContractReplay, itReplaysWhatEveryRouteAnswers } from '../utils/openapi-contract-replays';
import { createTestApp } from '../utils/test-app';

/**
 * The routes this file replays: core's and the ones every service keeps, known by their OpenAPI
 * tag. The example modules' are articles-openapi-contract.e2e-spec.ts's; a generated module tags
 * its routes with its own name, those nested under a kept module's path too
 * (`/v1/users/{userId}/tickets`), and its generated e2e spec tests them, so `npm test` stays green
 * after `gen module`.
 */
const KEPT_TAGS: ReadonlySet<string> = new Set(['health', 'auth', 'users']);
const isKeptRoute = (_path: string, operation: OperationObject): boolean =>
  operation.tags?.some((tag) => KEPT_TAGS.has(tag)) ?? false;

/**
 * Replays a real response for every status the document declares on the routes every service
 * keeps, and checks each against the document (OpenApiContract): an undocumented status, a body
 * off its schema or a missing required header fails, and so does a documented response nothing
 * produced.
 */
describe('OpenAPI contract: real responses against the served document (e2e)', () => {
  let replay: ContractReplay;

  beforeAll(async () => {
    replay = await ContractReplay.start();
  });

  afterAll(async () => {
    await replay.close();
  });

  const user = (): Promise<TestUser> => createTestUser(replay.testApp.app);

  /** Every operation of the kept routes with a valid call, each on users of its own: a call may end a session. */
  async function calls(): Promise<ContractCall[]> {
    const [loggingIn, refreshing, leaving, revoking, changing, managed, requesting, resetting] = await Promise.all([
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
      user(),
    ]);
    await replay.testApp.app.get(AuthService).startSession(revoking.user.id);
    const sessions = await replay.send({ method: 'GET', url: '/v1/auth/sessions' }, revoking.headers);
    const revocable = sessions
      .json<{ items: { id: string; current: boolean }[] }>()
      .items.find((session) => !session.current);
    if (revocable === undefined) throw new Error('no second session to revoke');
    return [
      { method: 'GET', url: '/health/live' },
      { method: 'GET', url: '/health/ready' },
      {
        method: 'POST',
        url: '/v1/auth/register',
        body: { email: `new-${loggingIn.user.email}`, password: strongPassword() },
      },
      { method: 'POST', url: '/v1/auth/login', body: { email: loggingIn.user.email, password: loggingIn.password } },
      { method: 'POST', url: '/v1/auth/refresh', body: { refreshToken: refreshing.tokens.refreshToken } },
      { method: 'POST', url: '/v1/auth/logout', headers: leaving.headers },
      { method: 'GET', url: '/v1/auth/me' },
      { method: 'GET', url: '/v1/auth/sessions' },
      { method: 'DELETE', url: `/v1/auth/sessions/${revocable.id}`, headers: revoking.headers },
      {
        method: 'POST',
        url: '/v1/auth/password',
        body: { currentPassword: changing.password, newPassword: strongPassword() },
        headers: changing.headers,
      },
      { method: 'GET', url: `/v1/users/${managed.user.id}` },
      { method: 'PATCH', url: `/v1/users/${managed.user.id}`, body: { role: 'user' } },
      { method: 'POST', url: '/v1/auth/password-reset', body: { email: requesting.user.email } },
      {
        method: 'POST',
        url: '/v1/auth/password-reset/confirm',
        body: {
          token: await passwordResetToken(replay.testApp.database, resetting.user.id),
          newPassword: strongPassword(),
        },
      },
    ];
  }

  itReplaysWhatEveryRouteAnswers(() => replay, calls, { method: 'GET', url: '/v1/auth/me' });

  it('documents 403 for a missing role', async () => {
    const member = await user();
    const managed = await user();
    for (const call of [
      { method: 'GET', url: `/v1/users/${managed.user.id}` },
      { method: 'PATCH', url: `/v1/users/${managed.user.id}`, body: { disabled: true } },
    ] as const) {
      expect((await replay.send(call, member.headers)).statusCode).toBe(403);
    }
  });

  it('documents the failures of the authentication routes', async () => {
    const member = await user();
    const failures: [ContractCall, number][] = [
      [
        { method: 'POST', url: '/v1/auth/register', body: { email: member.user.email, password: strongPassword() } },
        409,
      ],
      [{ method: 'POST', url: '/v1/auth/login', body: { email: member.user.email, password: strongPassword() } }, 401],
      [{ method: 'POST', url: '/v1/auth/refresh', body: { refreshToken: `${randomUUID()}.unknown` } }, 401],
      [
        {
          method: 'POST',
          url: '/v1/auth/password',
          body: { currentPassword: strongPassword(), newPassword: strongPassword() },
          headers: member.headers,
        },
        422,
      ],
      [
        {
          method: 'POST',
          url: '/v1/auth/password-reset/confirm',
          body: { token: 'A'.repeat(43), newPassword: strongPassword() },
        },
        422,
      ],
    ];
    for (const [call, status] of failures) {
      expect({ call: call.url, status: (await replay.send(call)).statusCode }).toEqual({ call: call.url, status });
    }
  });

  it('documents 404 for registration where a deployment switched it off', async () => {
    // A second app after every request to the first: see the one-app note on ContractReplay.
    const closed = await createTestApp();
    try {
      const response = await closed.anonymous('POST', '/v1/auth/register', {
        email: `closed-${randomUUID()}@example.com`,
        password: strongPassword(),
      });
      replay.contract.check('POST', '/v1/auth/register', response);
      expect(response.statusCode).toBe(404);
    } finally {
      await closed.close();
    }
  });

  // Last: it reads what the tests above replayed (Jest runs a file's tests in order).
  it('has replayed every response the document declares', () => {
    expect(replay.contract.unexercised(isKeptRoute)).toEqual([]);
  });
});
