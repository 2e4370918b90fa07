import { IsEmail, IsOptional } from 'class-validator';
import { IsConnectionUrl } from './connection-urls';

export class MailEnvironment {
  /**
   * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start).
   * Required in production (checked when the server starts); development and test log mails instead.
   */
  @IsOptional()
  @IsConnectionUrl(['smtp', 'smtps'])
  SMTP_URL?: string;

  @IsEmail({ require_tld: false }, { message: 'MAIL_FROM must be an email address' })
  MAIL_FROM = 'no-reply@localhost';
}

/** Injection token; inject with `@Inject(MailConfig) private readonly config: MailConfig`. */
export const MailConfig = Symbol('MailConfig');

export interface MailConfig {
  /** When set, mail goes out over SMTP; otherwise it is written to the log (never in production). */
  readonly smtpUrl: string | undefined;
  readonly from: string;
}

export function mailConfigFrom(env: MailEnvironment): MailConfig {
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
}
