import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { PROBLEM_DETAILS_SCHEMA } from './problem-details.schema';

type PathItem = OpenAPIObject['paths'][string];
type Operation = NonNullable<PathItem['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0] ?? PROBLEM_CONTENT_TYPE;

const UNAUTHORIZED = {
  description:
    'No valid access token (`code`: AUTH_TOKEN_MISSING, AUTH_TOKEN_MALFORMED, AUTH_TOKEN_ALGORITHM_REJECTED, ' +
    'AUTH_TOKEN_SIGNATURE_INVALID, AUTH_TOKEN_CLAIMS_INVALID, AUTH_TOKEN_EXPIRED, AUTH_SESSION_REVOKED, ' +
    'AUTH_USER_DISABLED); the WWW-Authenticate header carries the Bearer challenge.',
  content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_DETAILS_SCHEMA}` } } },
};

/**
 * The global guard answers 401 on every operation that is not public, so the document says so
 * there, once, instead of every controller repeating it. Public operations carry `security: [{}]`.
 */
export function documentAuthentication(document: OpenAPIObject): void {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation !== undefined && !isPublic(operation)) {
        operation.responses = { ...operation.responses, '401': operation.responses['401'] ?? UNAUTHORIZED };
      }
    }
  }
}

function isPublic(operation: Operation): boolean {
  return operation.security?.some((requirement) => Object.keys(requirement).length === 0) ?? false;
}
