import { ClsPluginTransactional, NoOpTransactionalAdapter } from '@nestjs-cls/transactional';
import { type DynamicModule, Logger, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { aUser, TEST_USER_ID } from '../../../test/factories/user.factory';
import { AuthConfig } from '../../config';
import { Mailer } from '../../core/mail/mailer';
import { UsersService } from '../users';
import { AuthPasswordResetRejectedError } from './auth.errors';
import type { PasswordResetTokenEntity } from './password-reset-token.entity';
import { hashPasswordResetToken, PASSWORD_RESET_TOKEN_PATTERN } from './password-reset-tokens';
import { PasswordResetTokensRepository } from './password-reset-tokens.repository';
import { PasswordResetService } from './password-reset.service';
import { SessionsRepository } from './sessions.repository';

type UsersMock = jest.Mocked<Pick<UsersService, 'findByEmail' | 'setPassword'>>;
type TokensMock = jest.Mocked<Pick<PasswordResetTokensRepository, 'replace' | 'findForUpdate' | 'markUsed'>>;
type SessionsMock = jest.Mocked<Pick<SessionsRepository, 'revokeAllOfUser'>>;
type MailerMock = jest.Mocked<Pick<Mailer, 'send'>>;

const USER_ID = TEST_USER_ID;
const TOKEN = 'A'.repeat(43);
const TTL_SECONDS = 1_800;

function aToken(overrides: Partial<PasswordResetTokenEntity> = {}): PasswordResetTokenEntity {
  return {
    id: 'token-1',
    userId: USER_ID,
    tokenHash: hashPasswordResetToken(TOKEN),
    expiresAt: new Date(Date.now() + 60_000),
    usedAt: null,
    createdAt: new Date(),
    ...overrides,
  };
}

describe(PasswordResetService.name, () => {
  let users: UsersMock;
  let tokens: TokensMock;
  let sessions: SessionsMock;
  let mailer: MailerMock;
  let service: PasswordResetService;

  beforeEach(async () => {
    users = { findByEmail: jest.fn(), setPassword: jest.fn() };
    tokens = { replace: jest.fn(), findForUpdate: jest.fn(), markUsed: jest.fn() };
    sessions = { revokeAllOfUser: jest.fn() };
    mailer = { send: jest.fn().mockResolvedValue(undefined) };
    const moduleRef = await Test.createTestingModule({
      imports: [transactionalContext()],
      providers: [...collaborators(), { provide: AuthConfig, useValue: { passwordResetTtlSeconds: TTL_SECONDS } }],
    }).compile();
    service = moduleRef.get(PasswordResetService);
  });

  /** @Transactional() needs a TransactionHost; the no-op adapter runs the method as it is (no database). */
  function transactionalContext(): DynamicModule {
    return ClsModule.forRoot({
      plugins: [
        new ClsPluginTransactional({ adapter: new NoOpTransactionalAdapter({ tx: {}, disableWarning: true }) }),
      ],
    });
  }

  function collaborators(): Provider[] {
    return [
      PasswordResetService,
      { provide: UsersService, useValue: users },
      { provide: PasswordResetTokensRepository, useValue: tokens },
      { provide: SessionsRepository, useValue: sessions },
      { provide: Mailer, useValue: mailer },
    ];
  }

  async function confirmFailure(): Promise<string> {
    const error: unknown = await service.confirm(TOKEN, 'a-new-passphrase').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof AuthPasswordResetRejectedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error.code;
  }

  it('stores only the hash of the token it mails to the account, with the configured expiry', async () => {
    users.findByEmail.mockResolvedValue(aUser());
    const before = Date.now();

    await service.request('Ann@Example.com');

    const mail = mailer.send.mock.calls[0]![0];
    expect(mail.to).toBe('ann@example.com');
    const token = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1] ?? '';
    expect(token).toMatch(PASSWORD_RESET_TOKEN_PATTERN);
    const stored = tokens.replace.mock.calls[0]?.[0];
    expect(stored?.userId).toBe(USER_ID);
    expect(stored?.tokenHash.equals(hashPasswordResetToken(token))).toBe(true);
    expect(stored?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + TTL_SECONDS * 1_000);
    expect(stored?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + TTL_SECONDS * 1_000);
  });

  it('mails a link to the configured reset page, the token in place of {token}', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [transactionalContext()],
      providers: [
        ...collaborators(),
        {
          provide: AuthConfig,
          useValue: { passwordResetTtlSeconds: TTL_SECONDS, passwordResetUrl: 'https://app.test/reset#token={token}' },
        },
      ],
    }).compile();
    users.findByEmail.mockResolvedValue(aUser());

    await moduleRef.get(PasswordResetService).request('ann@example.com');

    const link = /^https:\/\/app\.test\/reset#token=([A-Za-z0-9_-]{43})$/m.exec(mailer.send.mock.calls[0]![0].text);
    expect(link).not.toBeNull();
    expect(tokens.replace.mock.calls[0]?.[0].tokenHash.equals(hashPasswordResetToken(link?.[1] ?? ''))).toBe(true);
  });

  it('makes a different token for every request', async () => {
    users.findByEmail.mockResolvedValue(aUser());

    await service.request('ann@example.com');
    await service.request('ann@example.com');

    const [first, second] = tokens.replace.mock.calls.map(([values]) => values.tokenHash);
    expect(first?.equals(second ?? Buffer.alloc(0))).toBe(false);
  });

  it.each([
    ['an unknown email', null],
    ['a disabled user', aUser({ disabled: true })],
  ])('stores and mails nothing for %s, and answers the same', async (_label, user) => {
    users.findByEmail.mockResolvedValue(user);

    await expect(service.request('ann@example.com')).resolves.toBeUndefined();

    expect(tokens.replace).not.toHaveBeenCalled();
    expect(mailer.send).not.toHaveBeenCalled();
  });

  it('answers without waiting for the mail', async () => {
    users.findByEmail.mockResolvedValue(aUser());
    mailer.send.mockReturnValue(new Promise<void>(() => undefined));

    await expect(service.request('ann@example.com')).resolves.toBeUndefined();
  });

  it('logs a mail the relay refused, without the token', async () => {
    users.findByEmail.mockResolvedValue(aUser());
    const failure = new Error('relay down');
    mailer.send.mockRejectedValue(failure);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await service.request('ann@example.com');
    await new Promise(setImmediate);

    expect(logged).toHaveBeenCalledWith({ err: failure, userId: USER_ID }, 'Password-reset mail not sent');
    logged.mockRestore();
  });

  it('sets the password, uses the token and revokes every session of its user', async () => {
    tokens.findForUpdate.mockResolvedValue(aToken());

    await service.confirm(TOKEN, 'a-new-passphrase');

    expect(tokens.findForUpdate.mock.calls[0]?.[0].equals(hashPasswordResetToken(TOKEN))).toBe(true);
    expect(users.setPassword).toHaveBeenCalledWith(USER_ID, 'a-new-passphrase');
    expect(tokens.markUsed).toHaveBeenCalledWith('token-1');
    expect(sessions.revokeAllOfUser).toHaveBeenCalledWith(USER_ID);
  });

  it.each([
    ['an unknown', null, 'AUTH_RESET_TOKEN_INVALID'],
    ['a used', aToken({ usedAt: new Date() }), 'AUTH_RESET_TOKEN_USED'],
    ['an expired', aToken({ expiresAt: new Date(Date.now() - 1) }), 'AUTH_RESET_TOKEN_EXPIRED'],
  ])('refuses %s token and changes nothing', async (_label, stored, code) => {
    tokens.findForUpdate.mockResolvedValue(stored);

    expect(await confirmFailure()).toBe(code);
    expect(users.setPassword).not.toHaveBeenCalled();
    expect(tokens.markUsed).not.toHaveBeenCalled();
    expect(sessions.revokeAllOfUser).not.toHaveBeenCalled();
  });
});
