import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { strongPassword } from '../utils/auth';
import { expectProblem } from '../utils/http';
import { createTestApp, type TestApp } from '../utils/test-app';

const REGISTER = '/v1/auth/register';

/**
 * The JSON of a registration whose email's local part starts with `caf` and `bytes`, written raw
 * (not as UTF-8 of a JS string). Registration is public: nothing else writes a row meanwhile.
 */
function registrationWithEmailBytes(bytes: readonly number[]): { body: Buffer; email: string } {
  const email = `caf\u0000-${randomBytes(4).toString('hex')}@example.com`;
  const [head = '', tail = ''] = JSON.stringify({ email, password: strongPassword() }).split('\\u0000');
  return { body: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]), email };
}

describe('Text encoding end to end (RELIABILITY S19)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ AUTH_REGISTRATION_ENABLED: 'true' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('stores nothing for a body in Latin-1, whether it says so or not, nor for a query that is not UTF-8', async () => {
    const undeclared = await testApp.app.inject({
      method: 'POST',
      url: REGISTER,
      headers: { 'content-type': 'application/json' },
      payload: registrationWithEmailBytes([0xe9]).body,
    });
    const labelled = await testApp.app.inject({
      method: 'POST',
      url: REGISTER,
      headers: { 'content-type': 'application/json; charset=latin1' },
      payload: registrationWithEmailBytes([0xe9]).body,
    });
    const query = await testApp.anonymous('GET', `/v1/auth/me?tag=%FF%FE`);

    expectProblem(undeclared, 400, 'INVALID_ENCODING');
    expectProblem(labelled, 415, 'UNSUPPORTED_CHARSET');
    expectProblem(query, 400, 'INVALID_ENCODING');
    const rows = await testApp.app.get(DataSource).query<{ count: string }[]>('SELECT count(*) AS count FROM users');
    expect(rows).toEqual([{ count: '0' }]);
  });

  it('stores valid UTF-8 exactly as sent (control case)', async () => {
    const registration = registrationWithEmailBytes([0xc3, 0xa9]);

    const response = await testApp.app.inject({
      method: 'POST',
      url: REGISTER,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: registration.body,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: registration.email.replace('\u0000', 'é') });
  });
});
