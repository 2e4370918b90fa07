import type { LogDestination } from '../../src/app.factory';

export interface LogLine {
  readonly level: string;
  readonly msg?: string;
  readonly reqId?: string;
  readonly context?: string;
  readonly [field: string]: unknown;
}

/** Collects the JSON lines an app writes, for assertions on what production would log. */
export class LogCapture implements LogDestination {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
  }

  forRequest(reqId: string): LogLine[] {
    return this.lines.filter((line) => line.reqId === reqId);
  }
}
