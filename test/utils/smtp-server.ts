import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the server received it: envelope recipients and the decoded text body. */
export interface CapturedMail {
  readonly from: string | undefined;
  readonly to: readonly string[];
  readonly raw: string;
  readonly subject: string | undefined;
  readonly text: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Every message accepted so far, oldest first. */
  readonly messages: readonly CapturedMail[];
  /** Resolves with the next message to `to` that has not been taken yet (one already received counts). */
  nextMailTo(to: string): Promise<CapturedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, accepting every message
 * without authentication or TLS, so the app's SMTP adapter is tested on the wire rather than mocked.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  const taken = new Set<CapturedMail>();
  const waiters: { to: string; resolve: (mail: CapturedMail) => void }[] = [];

  const deliver = (mail: CapturedMail): void => {
    messages.push(mail);
    const index = waiters.findIndex((waiter) => mail.to.includes(waiter.to));
    if (index === -1) return;
    const [waiter] = waiters.splice(index, 1);
    taken.add(mail);
    waiter?.resolve(mail);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
        deliver({ from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, ...parse(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    messages,
    nextMailTo: (to) => {
      const received = messages.find((mail) => !taken.has(mail) && mail.to.includes(to));
      if (received !== undefined) {
        taken.add(received);
        return Promise.resolve(received);
      }
      return new Promise((resolve) => waiters.push({ to, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The subject and the text of a single-part message as nodemailer writes one (7bit or quoted-printable). */
function parse(raw: string): { subject: string | undefined; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string): string | undefined => new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1]?.trim();
  const quotedPrintable = header('Content-Transfer-Encoding')?.toLowerCase() === 'quoted-printable';
  const text = quotedPrintable
    ? Buffer.from(
        body
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8')
    : body;
  return { subject: header('Subject'), text: text.replace(/\r\n/g, '\n') };
}
