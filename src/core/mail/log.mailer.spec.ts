import { Logger } from '@nestjs/common';
import { LogMailer } from './log.mailer';

describe(LogMailer.name, () => {
  it('writes the whole mail to the log, sender included, and sends nothing', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const message = { to: 'ann@example.com', subject: 'Reset your password', text: 'token-123' };

    await new LogMailer('no-reply@localhost').send(message);

    expect(logged).toHaveBeenCalledWith(
      { mail: { from: 'no-reply@localhost', ...message } },
      'Mail to ann@example.com (not sent: SMTP_URL is not set)',
    );
    logged.mockRestore();
  });
});
