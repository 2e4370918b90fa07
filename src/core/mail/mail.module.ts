import { Global, Module } from '@nestjs/common';
import { MailConfig } from '../../config';
import { LogMailer } from './log.mailer';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp.mailer';

/** Provides the `Mailer` port: SMTP when SMTP_URL is set, the log otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: Mailer,
      inject: [MailConfig],
      useFactory: (config: MailConfig): Mailer =>
        config.smtpUrl === undefined ? new LogMailer(config.from) : new SmtpMailer(config.smtpUrl, config.from),
    },
  ],
  exports: [Mailer],
})
export class MailModule {}
