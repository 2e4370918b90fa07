import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key.entity';
import { IDEMPOTENCY_KEY_METHODS } from './idempotency-key';

type PathItem = OpenAPIObject['paths'][string];
type Operation = NonNullable<PathItem['post']>;

const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0] ?? PROBLEM_CONTENT_TYPE;
const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemDetails';

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the request runs once per key (1-255 printable ASCII characters, bare or quoted), ' +
    'and retries with the same key and body get the stored response with `Idempotent-Replayed: true`. ' +
    'Keys are scoped to the caller and the route and expire after IDEMPOTENCY_KEY_TTL_MS (24 h by default).',
  schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH + 2 },
} as const;

const IDEMPOTENCY_RESPONSES: Readonly<Record<string, string>> = {
  '409':
    'A conflict with the current state, or a request with the same Idempotency-Key is still running (Retry-After).',
  '422': 'A business rule failed, or the Idempotency-Key was already used for a different request.',
};

/**
 * The header is honoured by a core hook, not by decorators, so the document learns about it here:
 * on every operation whose method the hook covers.
 */
export function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of IDEMPOTENCY_KEY_METHODS) {
      const field = method.toLowerCase() as Lowercase<typeof method>;
      const operation = pathItem[field];
      if (operation !== undefined) pathItem[field] = withIdempotencyKey(operation);
    }
  }
}

function withIdempotencyKey(operation: Operation): Operation {
  const responses = { ...operation.responses };
  for (const [status, description] of Object.entries(IDEMPOTENCY_RESPONSES)) {
    responses[status] ??= {
      description,
      content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } },
    };
  }
  return {
    ...operation,
    parameters: [...(operation.parameters ?? []), { ...IDEMPOTENCY_KEY_PARAMETER }],
    responses,
  };
}
