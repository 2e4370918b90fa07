import { Logger } from '@nestjs/common';
import { Mailer, type MailMessage } from './mailer';

/**
 * Writes each mail to the log instead of sending it, so a developer can follow a password-reset
 * link without a mail server. The text is logged whole, tokens included: that is the point, and
 * why production never uses this adapter.
 */
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');

  constructor(private readonly from: string) {
    super();
  }

  send(message: MailMessage): Promise<void> {
    this.logger.log({ mail: { from: this.from, ...message } }, `Mail to ${message.to} (not sent: SMTP_URL is not set)`);
    return Promise.resolve();
  }
}
