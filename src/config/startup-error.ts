/**
 * A failure at boot whose message tells the operator everything to act on: which variable, and
 * what is wrong with it. `main.ts` prints only the message, since a stack trace of the service's
 * own validation code would bury it.
 */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = StartupError.name;
  }
}
