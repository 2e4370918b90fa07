/**
 * A client error raised by the HTTP machinery in core (not by a domain rule), with its own stable
 * code and response headers such as Retry-After. Rendered as problem+json by ProblemDetailsFilter.
 */
export class HttpProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = HttpProblemError.name;
  }
}
