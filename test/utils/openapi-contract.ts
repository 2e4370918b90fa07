import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';
import { MAX_URL_LENGTH } from '../../src/core/http/url-length';
import { type Headers, type HttpMethod, type InjectTarget, request } from './http';

const DOCUMENT_ID = 'openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly operation: OperationObject;
}

/**
 * Checks real responses against the OpenAPI document the app serves, as a contract-testing proxy
 * (Prism's) would: the status is declared for the operation, the content type is one it declares,
 * the body validates against the declared schema (Ajv, with the document's components) and every
 * required header is there. It remembers what it saw, so a test can ask which documented
 * responses were never produced. Works for any route of the document, generated modules' too.
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly operations: readonly DocumentedOperation[];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly seen = new Set<string>();

  constructor(readonly document: OpenAPIObject) {
    // OpenAPI 3.0 schemas are a JSON Schema dialect: Ajv knows `nullable`; `example` is an annotation.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    this.operations = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        METHODS.flatMap((method) => {
          const operation = item[method];
          return operation === undefined ? [] : [{ method, path, pattern: pathPattern(path), operation }];
        }),
      )
      // A literal segment beats a parameter: `/items/count` before `/items/{id}`.
      .sort((a, b) => parameterCount(a.path) - parameterCount(b.path));
  }

  /** The document `target` serves at /docs/json. */
  static async of(target: InjectTarget): Promise<OpenApiContract> {
    const response = await request(target, 'GET', '/docs/json');
    if (response.statusCode !== 200) throw new Error(`GET /docs/json answered ${response.statusCode}`);
    return new OpenApiContract(response.json<OpenAPIObject>());
  }

  /** Sends a request through `target` and checks its response against the document. */
  async request(
    target: InjectTarget,
    method: HttpMethod,
    url: string,
    payload?: unknown,
    headers?: Headers,
  ): Promise<LightMyRequestResponse> {
    const response = await request(target, method, url, payload, headers);
    this.check(method, url, response);
    return response;
  }

  /** Throws, naming the operation, unless `response` is one the document declares for it. */
  check(method: HttpMethod, url: string, response: LightMyRequestResponse): void {
    const path = url.split('?', 1)[0] ?? url;
    const found = this.operations.find((op) => op.method === method.toLowerCase() && op.pattern.test(path));
    if (found === undefined) throw new Error(`${method} ${path} is not in the OpenAPI document`);
    const name = `${method} ${found.path}`;
    const status = String(response.statusCode);
    const declared = found.operation.responses[status];
    if (declared === undefined || '$ref' in declared) {
      throw new Error(
        `${name} answered ${status}, which the document does not declare: ${response.body.slice(0, 300)}`,
      );
    }
    this.checkHeaders(`${name} ${status}`, declared, response);
    this.checkBody(
      `${name} ${status}`,
      declared,
      response,
      `#/paths/${pointerSegment(found.path)}/${found.method}/responses/${status}`,
    );
    this.seen.add(`${name} ${status}`);
  }

  /** "POST /v1/articles 409": each documented response of the matching operations no check has seen. */
  unexercised(matches: (path: string, operation: OperationObject) => boolean = () => true): string[] {
    return this.operations
      .filter((op) => matches(op.path, op.operation))
      .flatMap((op) =>
        Object.keys(op.operation.responses).map((status) => `${op.method.toUpperCase()} ${op.path} ${status}`),
      )
      .filter((response) => !this.seen.has(response))
      .sort();
  }

  private checkHeaders(name: string, declared: ResponseObject, response: LightMyRequestResponse): void {
    for (const [header, definition] of Object.entries(declared.headers ?? {})) {
      const required = !('$ref' in definition) && definition.required === true;
      if (required && response.headers[header.toLowerCase()] === undefined) {
        throw new Error(`${name} lacks the required header ${header}`);
      }
    }
  }

  private checkBody(name: string, declared: ResponseObject, response: LightMyRequestResponse, at: string): void {
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
      if (response.body !== '') throw new Error(`${name} declares no body but has one: ${response.body.slice(0, 300)}`);
      return;
    }
    const contentType = response.headers['content-type'];
    const mediaType = typeof contentType === 'string' ? (contentType.split(';', 1)[0]?.trim() ?? '') : '';
    if (content[mediaType] === undefined) {
      throw new Error(
        `${name} is ${mediaType || 'without a content type'}; declared: ${Object.keys(content).join(', ')}`,
      );
    }
    if (content[mediaType].schema === undefined) return;
    const validate = this.validator(`${DOCUMENT_ID}${at}/content/${pointerSegment(mediaType)}/schema`);
    if (!validate(response.json())) {
      throw new Error(`${name} body does not match its schema: ${this.ajv.errorsText(validate.errors)}`);
    }
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

/** A valid call of one operation: what the replays below vary. */
export interface ContractCall {
  readonly method: HttpMethod;
  readonly url: string;
  readonly body?: unknown;
  /** The call's own headers, e.g. the credentials of the user whose session it ends. */
  readonly headers?: Headers;
}

const UUID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Replays, for each call, the errors the core HTTP layer answers on any route, through `contract`
 * (which checks each against the document): 400 for an undecodable query, 414 for a target over
 * MAX_URL_LENGTH, 404 for an unknown id where the URL has one, 413 and 415 where the call has a
 * body. `target(call)` sends each, so a caller can vary the client address (rate limits) per call.
 * Any module's e2e spec can run it over its own calls.
 */
export async function replayHttpLayerErrors(
  contract: OpenApiContract,
  target: () => InjectTarget,
  calls: readonly ContractCall[],
  bodyLimitBytes = 1024 * 1024,
): Promise<void> {
  const replay = async (call: ContractCall, url: string, expected: number, headers?: Headers): Promise<void> => {
    const response = await contract.request(target(), call.method, url, call.body, { ...call.headers, ...headers });
    expect({ call: `${call.method} ${call.url}`, status: response.statusCode }).toEqual({
      call: `${call.method} ${call.url}`,
      status: expected,
    });
  };
  for (const call of calls) {
    await replay(call, `${call.url}?q=%FF`, 400);
    await replay(call, `${call.url}?q=${'a'.repeat(MAX_URL_LENGTH)}`, 414);
    const unknownId = call.url.replace(UUID_IN_PATH, randomUUID());
    if (unknownId !== call.url) await replay(call, unknownId, 404);
    if (call.body !== undefined) {
      await replay({ ...call, body: JSON.stringify({ padding: 'x'.repeat(bodyLimitBytes) }) }, call.url, 413);
      await replay({ ...call, body: 'plain' }, call.url, 415, { 'content-type': 'text/plain' });
    }
  }
}

function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

function parameterCount(path: string): number {
  return path.split('{').length - 1;
}

/** RFC 6901, each segment's `~` and `/` escaped, then percent-encoded as a URI fragment. */
function pointerSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}
