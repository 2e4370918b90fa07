import type { HeaderObject, OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { mapResponses, operationsOf, problemResponse } from '../docs/common-responses';
import { IDEMPOTENCY_KEY_METHODS } from './idempotency-key';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from './idempotency-key.entity';
import { IDEMPOTENCY_KEY_EXTENSION } from './without-idempotency-key.decorator';

const METHODS: ReadonlySet<string> = new Set(IDEMPOTENCY_KEY_METHODS.map((method) => method.toLowerCase()));

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

const IN_FLIGHT_RETRY_AFTER: HeaderObject = {
  description: 'Present when a request with the same key is still running: seconds to wait before retrying.',
  required: false,
  schema: { type: 'integer', minimum: 0 },
};

const REPLAYED: HeaderObject = {
  description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
  required: false,
  schema: { type: 'string', enum: ['true'] },
};

/** @WithoutIdempotencyKey's extension, the one the swagger types do not know. */
type IdempotencyKeyMarked = OperationObject & Partial<Record<typeof IDEMPOTENCY_KEY_EXTENSION, boolean>>;

/**
 * The header is honoured by a core hook, not by decorators, so the document learns about it here:
 * on every operation whose method the hook covers (but those `@WithoutIdempotencyKey()` marks), with the 409 and 422 it can answer and the
 * `Idempotent-Replayed` header of a replayed success.
 */
export function documentIdempotencyKey(document: OpenAPIObject): void {
  for (const { method, operation } of operationsOf(document)) {
    const optedOut = (operation as IdempotencyKeyMarked)[IDEMPOTENCY_KEY_EXTENSION] === false;
    if (METHODS.has(method) && !optedOut) Object.assign(operation, withIdempotencyKey(operation));
  }
}

function withIdempotencyKey(operation: OperationObject): OperationObject {
  const responses = { ...operation.responses };
  responses['409'] ??= problemResponse(
    'A conflict with the current state, or a request with the same Idempotency-Key is still running (Retry-After).',
  );
  responses['422'] ??= problemResponse(
    'A business rule failed, or the Idempotency-Key was already used for a different request.',
  );
  const extraHeaders = (status: string): Readonly<Record<string, HeaderObject>> => {
    if (status === '409') return { 'Retry-After': IN_FLIGHT_RETRY_AFTER };
    return status.startsWith('2') ? { 'Idempotent-Replayed': REPLAYED } : {};
  };
  return {
    ...operation,
    parameters: [...(operation.parameters ?? []), { ...IDEMPOTENCY_KEY_PARAMETER }],
    responses: mapResponses(responses, (status, response) => ({
      ...response,
      headers: { ...response.headers, ...extraHeaders(status) },
    })),
  };
}
