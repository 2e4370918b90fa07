import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { operationsOf, problemResponse } from './common-responses';

const UNAUTHORIZED = problemResponse(
  'No valid access token (`code`: AUTH_TOKEN_MISSING, AUTH_TOKEN_MALFORMED, AUTH_TOKEN_ALGORITHM_REJECTED, ' +
    'AUTH_TOKEN_SIGNATURE_INVALID, AUTH_TOKEN_CLAIMS_INVALID, AUTH_TOKEN_EXPIRED, AUTH_SESSION_REVOKED, ' +
    'AUTH_USER_DISABLED).',
  {
    'WWW-Authenticate': {
      description: 'The Bearer challenge (RFC 6750), with `error="invalid_token"` when a token was sent.',
      required: true,
      schema: { type: 'string' },
    },
  },
);

/**
 * The global guard answers 401 on every operation that is not public, so the document says so
 * there, once, instead of every controller repeating it. Public operations carry `security: [{}]`.
 */
export function documentAuthentication(document: OpenAPIObject): void {
  for (const { operation } of operationsOf(document)) {
    if (!isPublic(operation)) {
      operation.responses = { ...operation.responses, '401': operation.responses['401'] ?? UNAUTHORIZED };
    }
  }
}

function isPublic(operation: OperationObject): boolean {
  return operation.security?.some((requirement) => Object.keys(requirement).length === 0) ?? false;
}
