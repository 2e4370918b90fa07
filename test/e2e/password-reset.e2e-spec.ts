import { createTestUser, strongPassword, type TestUser } from '../utils/auth';
import { expectInvalid, expectProblem } from '../utils/http';
import { LogCapture } from '../utils/log-capture';
import { startTestSmtpServer, type TestSmtpServer } from '../utils/smtp-server';
import { createTestApp, type TestApp } from '../utils/test-app';

const RESET = '/v1/auth/password-reset';
const CONFIRM = `${RESET}/confirm`;
const MAIL_FROM = 'accounts@reset.test';
const TOKEN_IN_MAIL = /^([A-Za-z0-9_-]{43})$/m;

/** Asks for a reset of `email` and returns the token of the mail that arrives for the account (`recipient`). */
async function mailedToken(testApp: TestApp, smtp: TestSmtpServer, email: string, recipient = email): Promise<string> {
  const response = await testApp.anonymous('POST', RESET, { email });
  expect(response.statusCode).toBe(202);
  const mail = await smtp.nextMailTo(recipient);
  const token = TOKEN_IN_MAIL.exec(mail.text)?.[1];
  if (token === undefined) throw new Error(`no token in the mail:\n${mail.text}`);
  return token;
}

describe('Password reset (e2e)', () => {
  let smtp: TestSmtpServer;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    testApp = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM });
  });

  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  it('mails a token over SMTP that sets a new password once and ends every session', async () => {
    const { user, password, tokens, headers } = await createTestUser(testApp.app);
    const token = await mailedToken(testApp, smtp, user.email);
    const mail = smtp.messages.find((message) => message.text.includes(token));
    expect(mail).toMatchObject({ from: MAIL_FROM, to: [user.email], subject: 'Reset your password' });

    const newPassword = strongPassword();
    const confirmed = await testApp.anonymous('POST', CONFIRM, { token, newPassword });
    expect(confirmed.statusCode).toBe(204);

    const login = await testApp.anonymous('POST', '/v1/auth/login', { email: user.email, password: newPassword });
    expect(login.statusCode).toBe(200);
    expectProblem(
      await testApp.anonymous('POST', '/v1/auth/login', { email: user.email, password }),
      401,
      'AUTH_INVALID_CREDENTIALS',
    );
    expectProblem(await testApp.anonymous('GET', '/v1/auth/me', undefined, headers), 401, 'AUTH_SESSION_REVOKED');
    expectProblem(
      await testApp.anonymous('POST', '/v1/auth/refresh', { refreshToken: tokens.refreshToken }),
      401,
      'AUTH_SESSION_REVOKED',
    );
    const again = await testApp.anonymous('POST', CONFIRM, { token, newPassword: strongPassword() });
    expect(expectProblem(again, 422, 'AUTH_RESET_TOKEN_USED').errors).toEqual([
      { pointer: '/token', detail: 'was already used' },
    ]);
  });

  it('finds the account whatever the case of the email', async () => {
    const { user } = await createTestUser(testApp.app);
    const token = await mailedToken(testApp, smtp, ` ${user.email.toUpperCase()} `, user.email);

    expect((await testApp.anonymous('POST', CONFIRM, { token, newPassword: strongPassword() })).statusCode).toBe(204);
  });

  it('answers the same 202 for an unknown email, a disabled user and an active one', async () => {
    const active = await createTestUser(testApp.app);
    const disabled = await createTestUser(testApp.app);
    await testApp.request('PATCH', `/v1/users/${disabled.user.id}`, { disabled: true });

    const responses = await Promise.all(
      ['nobody@example.com', disabled.user.email, active.user.email].map((email) =>
        testApp.anonymous('POST', RESET, { email }),
      ),
    );
    await smtp.nextMailTo(active.user.email);

    const shapes = responses.map((response) => [response.statusCode, response.headers['content-type'], response.body]);
    expect(shapes).toEqual([shapes[2], shapes[2], shapes[2]]);
    expect(shapes[2]?.[0]).toBe(202);
  });

  it('refuses an expired token with 422 AUTH_RESET_TOKEN_EXPIRED and keeps the password', async () => {
    const { user, password } = await createTestUser(testApp.app);
    const token = await mailedToken(testApp, smtp, user.email);
    await testApp.database.withClient((client) =>
      client.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        user.id,
      ]),
    );

    const response = await testApp.anonymous('POST', CONFIRM, { token, newPassword: strongPassword() });

    expectProblem(response, 422, 'AUTH_RESET_TOKEN_EXPIRED');
    expect((await testApp.anonymous('POST', '/v1/auth/login', { email: user.email, password })).statusCode).toBe(200);
  });

  it('makes a newer request void the older token', async () => {
    const { user } = await createTestUser(testApp.app);
    const older = await mailedToken(testApp, smtp, user.email);
    const newer = await mailedToken(testApp, smtp, user.email);

    expectProblem(
      await testApp.anonymous('POST', CONFIRM, { token: older, newPassword: strongPassword() }),
      422,
      'AUTH_RESET_TOKEN_INVALID',
    );
    expect((await testApp.anonymous('POST', CONFIRM, { token: newer, newPassword: strongPassword() })).statusCode).toBe(
      204,
    );
  });

  it('leaves one working token when requests race, and deletes used ones on the next request', async () => {
    const { user } = await createTestUser(testApp.app);
    const used = await mailedToken(testApp, smtp, user.email);
    expect((await testApp.anonymous('POST', CONFIRM, { token: used, newPassword: strongPassword() })).statusCode).toBe(
      204,
    );

    const racing = await Promise.all([1, 2, 3].map(() => testApp.anonymous('POST', RESET, { email: user.email })));
    expect(racing.map((response) => response.statusCode)).toEqual([202, 202, 202]);
    const mailed = await Promise.all(racing.map(() => smtp.nextMailTo(user.email)));
    const tokens = mailed.map((mail) => TOKEN_IN_MAIL.exec(mail.text)?.[1] ?? '');

    const stored = await testApp.database.withClient(async (client) => {
      const { rows } = await client.query<{ used: boolean }>(
        'SELECT used_at IS NOT NULL AS used FROM password_reset_tokens WHERE user_id = $1',
        [user.id],
      );
      return rows;
    });
    expect(stored).toEqual([{ used: false }]);
    const confirmations = [];
    for (const token of tokens) {
      confirmations.push(
        (await testApp.anonymous('POST', CONFIRM, { token, newPassword: strongPassword() })).statusCode,
      );
    }
    expect(confirmations.sort()).toEqual([204, 422, 422]);
  });

  it('refuses a weak new password with 400 at /newPassword without using up the token', async () => {
    const { user } = await createTestUser(testApp.app);
    const token = await mailedToken(testApp, smtp, user.email);

    expectInvalid(await testApp.anonymous('POST', CONFIRM, { token, newPassword: 'qwerty123456' }), '/newPassword');
    expect((await testApp.anonymous('POST', CONFIRM, { token, newPassword: strongPassword() })).statusCode).toBe(204);
  });

  it.each([
    ['a malformed token', { token: 'not-a-token', newPassword: 'a-long-unusual-passphrase' }, '/token'],
    ['a missing token', { newPassword: 'a-long-unusual-passphrase' }, '/token'],
    ['a short password', { token: 'A'.repeat(43), newPassword: 'abc' }, '/newPassword'],
  ])('answers 400 for %s', async (_label, body, pointer) => {
    expectInvalid(await testApp.anonymous('POST', CONFIRM, body), pointer);
  });

  it('answers 400 for a request without an email', async () => {
    expectInvalid(await testApp.anonymous('POST', RESET, {}), '/email');
  });

  it('refuses a well-formed token it never issued with 422 AUTH_RESET_TOKEN_INVALID', async () => {
    const response = await testApp.anonymous('POST', CONFIRM, { token: 'A'.repeat(43), newPassword: strongPassword() });

    expectProblem(response, 422, 'AUTH_RESET_TOKEN_INVALID');
  });
});

describe('Password reset for no active account (e2e)', () => {
  it('sends no mail for an unknown email or a disabled user', async () => {
    const smtp = await startTestSmtpServer();
    const testApp = await createTestApp({ SMTP_URL: smtp.url });
    let disabled: TestUser | undefined;
    try {
      disabled = await createTestUser(testApp.app);
      await testApp.request('PATCH', `/v1/users/${disabled.user.id}`, { disabled: true });
      for (const email of ['nobody@example.com', disabled.user.email]) {
        expect((await testApp.anonymous('POST', RESET, { email })).statusCode).toBe(202);
      }
    } finally {
      // Closing waits for mails in flight, so any mail these requests sent has arrived by now.
      await testApp.close();
      await smtp.close();
    }

    expect(smtp.messages).toEqual([]);
  });
});

describe('Password reset logs (e2e)', () => {
  it('never writes the token or the new password, whatever the level', async () => {
    const logs = new LogCapture();
    const smtp = await startTestSmtpServer();
    const testApp = await createTestApp({ SMTP_URL: smtp.url, LOG_LEVEL: 'trace' }, { logDestination: logs });
    try {
      const { user } = await createTestUser(testApp.app);
      const token = await mailedToken(testApp, smtp, user.email);
      const newPassword = strongPassword();
      await testApp.anonymous('POST', CONFIRM, { token, newPassword: 'qwerty123456' });
      expect((await testApp.anonymous('POST', CONFIRM, { token, newPassword })).statusCode).toBe(204);
      await testApp.anonymous('POST', CONFIRM, { token, newPassword });

      const written = JSON.stringify(logs.lines);
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(written).not.toContain(token);
      expect(written).not.toContain(newPassword);
    } finally {
      await testApp.close();
      await smtp.close();
    }
  });
});

describe('Password reset with the relay down (e2e)', () => {
  it('still answers 202, and logs the failed send', async () => {
    const logs = new LogCapture();
    // A port that was listening a moment ago and is closed now: the relay refuses the connection.
    const gone = await startTestSmtpServer();
    await gone.close();
    const testApp = await createTestApp({ SMTP_URL: gone.url, LOG_LEVEL: 'info' }, { logDestination: logs });
    let userId: string | undefined;
    try {
      const { user } = await createTestUser(testApp.app);
      userId = user.id;

      expect((await testApp.anonymous('POST', RESET, { email: user.email })).statusCode).toBe(202);
    } finally {
      // Closing waits for sends in flight, so the failed one has been logged by now.
      await testApp.close();
    }

    const failure = logs.lines.find((line) => line.msg === 'Password-reset mail not sent');
    expect(failure).toMatchObject({ level: 'error', userId });
  });
});
