import { Injectable } from '@nestjs/common';

/** Flipped once when shutdown begins, so readiness fails while in-flight work still completes. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  begin(): void {
    this.shuttingDown = true;
  }
}
