import { PassThrough } from 'node:stream';
import { PRETTY_OPTIONS, prettyLogStream, wantsPrettyLogs } from '../../scripts/lib/pretty-logs';

describe(wantsPrettyLogs.name, () => {
  it.each([
    ['development', true, true],
    [undefined, true, true],
    ['development', false, false],
    ['development', undefined, false],
    ['production', true, false],
    ['test', true, false],
    ['production', false, false],
  ])('NODE_ENV=%s, stdout a terminal: %s → pretty: %s', (nodeEnv, terminal, pretty) => {
    expect(wantsPrettyLogs(nodeEnv, terminal)).toBe(pretty);
  });
});

describe(prettyLogStream.name, () => {
  it("shows the service's JSON lines with their level, Nest context and message", async () => {
    const shown = new PassThrough();
    const chunks: string[] = [];
    shown.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const pretty = prettyLogStream(shown, { ...PRETTY_OPTIONS, colorize: false });

    const line = {
      level: 'info',
      time: '2026-01-02T03:04:05.678Z',
      pid: 1,
      hostname: 'h',
      context: 'NestApplication',
      msg: 'Nest application successfully started',
    };
    pretty.write(`${JSON.stringify(line)}\n`);
    pretty.end();
    await new Promise((resolve) => shown.on('finish', resolve));

    const text = chunks.join('');
    expect(text).toMatch(/INFO.*\[NestApplication\] Nest application successfully started/);
    expect(text).not.toContain('"level"');
  });
});
