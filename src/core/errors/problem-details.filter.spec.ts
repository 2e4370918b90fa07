import { type ArgumentsHost, ConflictException, InternalServerErrorException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../../common/errors';
import { HttpProblemError } from './http-problem.error';
import type { ProblemDetails } from './problem-details';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RequestValidationError } from './request-validation.error';

class WidgetMissingError extends DomainError {
  readonly code = 'WIDGETS_NOT_FOUND';
  readonly kind: DomainErrorKind = 'not-found';
}

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: ProblemDetails;
}

function render(exception: unknown): Sent {
  const sent: Sent = { status: 0, headers: {}, body: {} as ProblemDetails };
  const reply = {
    status: jest.fn((status: number) => {
      sent.status = status;
      return reply;
    }),
    headers: jest.fn((headers: Record<string, string>) => {
      Object.assign(sent.headers, headers);
      return reply;
    }),
    header: jest.fn((name: string, value: string) => {
      sent.headers[name] = value;
      return reply;
    }),
    send: jest.fn((body: ProblemDetails) => {
      sent.body = body;
      return reply;
    }),
  } as unknown as jest.Mocked<FastifyReply>;
  const request = { url: '/v1/widgets/7', id: 'req-1' } as FastifyRequest;
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

describe(ProblemDetailsFilter.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('renders a domain error with the status of its kind and its stable code', () => {
    const sent = render(new WidgetMissingError('Widget 7 does not exist.'));

    expect(sent.status).toBe(404);
    expect(sent.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(sent.body).toEqual({
      type: 'urn:problem:widgets-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Widget 7 does not exist.',
      instance: '/v1/widgets/7',
      requestId: 'req-1',
      code: 'WIDGETS_NOT_FOUND',
    });
  });

  it('lists field errors of a validation failure', () => {
    const sent = render(new RequestValidationError([{ pointer: '/title', detail: 'title is too long' }]));

    expect(sent.status).toBe(400);
    expect(sent.body.code).toBe('VALIDATION_FAILED');
    expect(sent.body.errors).toEqual([{ pointer: '/title', detail: 'title is too long' }]);
    expect(sent.body).not.toHaveProperty('errorsOmitted');
  });

  it('counts the field errors it does not list as errorsOmitted', () => {
    const sent = render(new RequestValidationError([{ pointer: '/title', detail: 'title is too long' }], 7));

    expect(sent.body.errors).toHaveLength(1);
    expect(sent.body.errorsOmitted).toBe(7);
  });

  it('keeps the message of a client-side HTTP exception', () => {
    const sent = render(new ConflictException('Already taken.'));

    expect(sent.body).toMatchObject({ status: 409, code: 'CONFLICT', detail: 'Already taken.' });
  });

  it('renders a core HTTP problem with its own status, code and headers', () => {
    const sent = render(new HttpProblemError(409, 'IDEMPOTENCY_KEY_IN_USE', 'Still running.', { 'retry-after': '1' }));

    expect(sent.status).toBe(409);
    expect(sent.headers['retry-after']).toBe('1');
    expect(sent.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', detail: 'Still running.', title: 'Conflict' });
  });

  it('maps a Fastify client error by its statusCode instead of answering 500', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });

    expect(render(tooLarge).body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('hides the message of an unexpected error', () => {
    const sent = render(new TypeError('Cannot read properties of undefined (reading "secret")'));

    expect(sent.status).toBe(500);
    expect(sent.body.detail).toBe('An unexpected error occurred.');
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });

  it('hides the message of a server-side HTTP exception', () => {
    const sent = render(new InternalServerErrorException('connection string postgres://u:p@db'));

    expect(sent.body.detail).toBe('An unexpected error occurred.');
  });

  it('answers 503 with Retry-After when the database is unreachable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const sent = render(refused);

    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('5');
    expect(sent.body.code).toBe('DATABASE_UNAVAILABLE');
  });

  it('logs server errors but not client errors', () => {
    const logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    render(new WidgetMissingError('gone'));
    expect(logError).not.toHaveBeenCalled();

    render(new Error('boom'));
    expect(logError).toHaveBeenCalledTimes(1);
  });
});
