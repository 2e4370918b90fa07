import {
  getSchemaPath,
  type HeaderObject,
  type HeadersObject,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  type ResponsesObject,
} from '@nestjs/swagger';
import { PROBLEM_MEDIA_TYPE, ProblemDetails } from '../errors/problem-details';
import { NEVER_SHED } from '../http/load-shedding';
import { MAX_URL_LENGTH } from '../http/url-length';
import { RATE_LIMITED_EXTENSION } from '../throttling/unthrottled.decorator';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document with its path and method. */
export function* operationsOf(document: OpenAPIObject): Generator<{
  readonly path: string;
  readonly method: (typeof HTTP_METHODS)[number];
  readonly operation: OperationObject;
}> {
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation !== undefined) yield { path, method, operation };
    }
  }
}

/** A problem+json response: what `@ApiProblemResponse` and the post-processors document. */
export function problemResponse(description: string, headers: HeadersObject = {}): ResponseObject {
  return {
    description,
    headers,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
  };
}

const REQUEST_ID: HeaderObject = {
  description:
    'Identifies the request in the server logs; the `requestId` of a problem body. Echoed when the client sends a valid one.',
  required: true,
  schema: { type: 'string' },
};

const RETRY_AFTER: HeaderObject = {
  description: 'Seconds to wait before retrying.',
  required: true,
  schema: { type: 'integer', minimum: 0 },
};

const RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = {
  'X-RateLimit-Limit': 'Requests a client may send per window (THROTTLE_LIMIT).',
  'X-RateLimit-Remaining': 'Requests left in the current window.',
  'X-RateLimit-Reset': 'Seconds until the current window ends.',
};

interface CommonResponse {
  readonly status: string;
  readonly description: string;
  readonly appliesTo: (operation: OperationFacts) => boolean;
  readonly retryAfter?: boolean;
}

/** @Unthrottled's extension, the one the swagger types do not know. */
type RateLimitMarked = OperationObject & Partial<Record<typeof RATE_LIMITED_EXTENSION, boolean>>;

interface OperationFacts {
  readonly path: string;
  readonly hasBody: boolean;
  readonly rateLimited: boolean;
}

/**
 * The statuses the HTTP layer in core answers for a route before, or around, its controller: every
 * operation has them whatever its module, so they are documented here once rather than by each
 * controller. A controller's own declaration of the same status wins (its description is more precise).
 */
const COMMON_RESPONSES: readonly CommonResponse[] = [
  {
    status: '400',
    description: 'The request is malformed: an undecodable URL or query, or invalid fields (see `errors`).',
    appliesTo: () => true,
  },
  { status: '404', description: 'The resource does not exist.', appliesTo: (facts) => facts.path.includes('{') },
  {
    status: '413',
    description: 'The request body is larger than BODY_LIMIT_BYTES.',
    appliesTo: (facts) => facts.hasBody,
  },
  {
    status: '414',
    description: `The request target is longer than ${MAX_URL_LENGTH} bytes.`,
    appliesTo: () => true,
  },
  {
    status: '415',
    description:
      'The request body is not `application/json` in UTF-8, or is content-encoded (compressed bodies are not accepted).',
    appliesTo: (facts) => facts.hasBody,
  },
  {
    status: '429',
    description: 'The client has used up its rate limit; retry after the Retry-After delay.',
    appliesTo: (facts) => facts.rateLimited,
    retryAfter: true,
  },
  {
    status: '503',
    description:
      'The service cannot serve the request now (overloaded, its database unavailable, shutting down, or the route switched off by DISABLED_ROUTES); retry after the Retry-After delay, possibly on another instance.',
    appliesTo: (facts) => !NEVER_SHED.has(facts.path),
    retryAfter: true,
  },
];

/**
 * Completes every operation with what the core HTTP layer adds to each route: the common error
 * statuses, `X-Request-Id` on every response, `Retry-After` on 429 and 503, the `X-RateLimit-*`
 * headers of rate-limited routes, and a description of that behaviour.
 */
export function documentCommonResponses(document: OpenAPIObject): void {
  for (const { path, operation } of operationsOf(document)) {
    const facts: OperationFacts = {
      path,
      hasBody: operation.requestBody !== undefined,
      rateLimited: (operation as RateLimitMarked)[RATE_LIMITED_EXTENSION] !== false,
    };
    const responses: ResponsesObject = { ...operation.responses };
    for (const common of COMMON_RESPONSES) {
      if (common.appliesTo(facts)) responses[common.status] ??= problemResponse(common.description);
    }
    operation.responses = mapResponses(responses, (status, response) => ({
      ...response,
      headers: headersOf(status, response, facts),
    }));
    operation.description = [operation.description, facts.rateLimited ? RATE_LIMIT_NOTE : UNTHROTTLED_NOTE]
      .filter((part) => part !== undefined && part !== '')
      .join('\n\n');
  }
}

const RATE_LIMIT_NOTE =
  'Rate limited per client: the `X-RateLimit-*` headers tell the budget left; past it the answer is 429 with `Retry-After`.';
const UNTHROTTLED_NOTE = 'Not rate limited.';

function headersOf(status: string, response: ResponseObject, facts: OperationFacts): HeadersObject {
  const headers: HeadersObject = { 'X-Request-Id': REQUEST_ID, ...response.headers };
  if (status === '429' || status === '503') headers['Retry-After'] = RETRY_AFTER;
  if (facts.rateLimited && status.startsWith('2')) {
    for (const [name, description] of Object.entries(RATE_LIMIT_HEADERS)) {
      // A stored response replayed for an Idempotency-Key is answered before the rate-limit guard runs.
      headers[name] ??= { description, required: !('Idempotent-Replayed' in headers), schema: { type: 'integer' } };
    }
  }
  return headers;
}

/** The responses with each inline one replaced by `change`'s result (references are left as they are). */
export function mapResponses(
  responses: ResponsesObject,
  change: (status: string, response: ResponseObject) => ResponseObject,
): ResponsesObject {
  const changed: ResponsesObject = {};
  for (const [status, response] of Object.entries(responses)) {
    if (response !== undefined) changed[status] = '$ref' in response ? response : change(status, response);
  }
  return changed;
}
