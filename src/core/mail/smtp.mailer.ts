import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { Mailer, type MailMessage } from './mailer';

/** Bounds each SMTP step, so a relay that accepts the connection but never answers cannot hold a send forever. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends through the relay SMTP_URL names (nodemailer: STARTTLS when offered, TLS for smtps://).
 * Shutdown waits for sends in flight, since callers may not await them (a reset request answers
 * before its mail leaves), and then closes the transport.
 */
export class SmtpMailer extends Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transport = createTransport({
      url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(message: MailMessage): Promise<void> {
    const sending = this.transport.sendMail({ from: this.from, ...message });
    this.inFlight.add(sending);
    try {
      await sending;
    } finally {
      this.inFlight.delete(sending);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.transport.close();
  }
}
