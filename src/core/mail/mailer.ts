/** A plain-text mail to one recipient; the sender is MAIL_FROM. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * The mail port: feature modules inject `Mailer` and never know how mail leaves. MailModule binds
 * it to SMTP when SMTP_URL is set and to the log otherwise (development and test only: production
 * refuses to start without SMTP_URL).
 */
export abstract class Mailer {
  /** Resolves once the relay accepted the message; rejects when it did not. */
  abstract send(message: MailMessage): Promise<void>;
}
