import { Transactional } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthConfig, PASSWORD_RESET_TOKEN_PLACEHOLDER } from '../../config';
import { Mailer } from '../../core/mail/mailer';
import { UsersService } from '../users';
import { AuthPasswordResetRejectedError } from './auth.errors';
import { hashPasswordResetToken, newPasswordResetToken } from './password-reset-tokens';
import { PasswordResetTokensRepository } from './password-reset-tokens.repository';
import { SessionsRepository } from './sessions.repository';

/**
 * Password reset by mail. A request answers the same, in about the same time, whether or not the
 * email belongs to an active user: a token is made and hashed either way, and the mail is sent
 * after the answer, so neither the response nor its duration says whether an account exists.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly users: UsersService,
    private readonly tokens: PasswordResetTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly mailer: Mailer,
    @Inject(AuthConfig) private readonly config: AuthConfig,
  ) {}

  async request(email: string): Promise<void> {
    const issued = await this.issue(email);
    if (issued === undefined) return;
    // Not awaited: the answer must not wait for the relay (its latency would tell that the account
    // exists). A failed send is logged; the user can ask again.
    this.mailer
      .send({
        to: issued.email,
        subject: 'Reset your password',
        text: this.mailText(issued.email, issued.token),
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error, userId: issued.userId }, 'Password-reset mail not sent');
      });
  }

  /** A link to the front end's reset page when one is configured, the token for API clients otherwise. */
  private mailText(email: string, token: string): string {
    const minutes = Math.round(this.config.passwordResetTtlSeconds / 60);
    const link = this.config.passwordResetUrl?.replace(PASSWORD_RESET_TOKEN_PLACEHOLDER, token);
    const instructions =
      link === undefined
        ? `send this token with a new password to POST /v1/auth/password-reset/confirm within ${minutes} minutes:\n\n${token}`
        : `open this link within ${minutes} minutes to choose a new password:\n\n${link}`;
    return (
      `Someone asked to reset the password of ${email}. If it was you, ${instructions}\n\n` +
      'If it was not you, ignore this mail: your password stays as it is.\n'
    );
  }

  /** Stores a new token for an active user (mailed only once committed); undefined for anyone else. */
  @Transactional()
  private async issue(email: string): Promise<{ userId: string; email: string; token: string } | undefined> {
    const token = newPasswordResetToken();
    const tokenHash = hashPasswordResetToken(token);
    const user = await this.users.findByEmail(email);
    if (user === null || user.disabled) return undefined;
    const expiresAt = new Date(Date.now() + this.config.passwordResetTtlSeconds * 1_000);
    await this.tokens.replace({ userId: user.id, tokenHash, expiresAt });
    return { userId: user.id, email: user.email, token };
  }

  /** The new password, the used token and the end of every session of the user commit together. */
  @Transactional()
  async confirm(token: string, newPassword: string): Promise<void> {
    const stored = await this.tokens.findForUpdate(hashPasswordResetToken(token));
    if (stored === null) throw new AuthPasswordResetRejectedError('AUTH_RESET_TOKEN_INVALID');
    if (stored.usedAt !== null) throw new AuthPasswordResetRejectedError('AUTH_RESET_TOKEN_USED');
    if (stored.expiresAt <= new Date()) throw new AuthPasswordResetRejectedError('AUTH_RESET_TOKEN_EXPIRED');

    await this.users.setPassword(stored.userId, newPassword);
    await this.tokens.markUsed(stored.id);
    await this.sessions.revokeAllOfUser(stored.userId);
  }
}
