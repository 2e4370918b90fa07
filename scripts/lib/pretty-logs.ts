import pinoPretty, { type PrettyOptions, type PrettyStream } from 'pino-pretty';

/**
 * The service always writes JSON lines (decision 0205). `npm start` shows them through pino-pretty
 * when a person is reading: NODE_ENV is development (the app's default when unset) and stdout is a
 * terminal. Anything else, a pipe, a file, CI, production, gets the JSON lines untouched.
 */
export function wantsPrettyLogs(nodeEnv: string | undefined, stdoutIsTerminal: boolean | undefined): boolean {
  return (nodeEnv ?? 'development') === 'development' && stdoutIsTerminal === true;
}

export const PRETTY_OPTIONS: PrettyOptions = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context',
  messageFormat: '{if context}[{context}] {end}{msg}',
  singleLine: true,
  sync: true,
};

/** A stream that takes the service's JSON lines and writes them, pretty, to `destination` (stdout by default). */
export function prettyLogStream(
  destination?: NodeJS.WritableStream,
  options: PrettyOptions = PRETTY_OPTIONS,
): PrettyStream {
  return pinoPretty({ ...options, ...(destination ? { destination } : {}) });
}
