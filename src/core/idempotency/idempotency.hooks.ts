import { Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CallerIdentity } from '../../common/auth';
import { IdempotencyConfig } from '../../config';
import { HttpProblemError } from '../errors/http-problem.error';
import { routeTemplate } from '../logging/request-log.controller';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_RETRY_METHODS,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';
import { IDEMPOTENCY_SCOPE_MAX_LENGTH } from './idempotency-key.entity';
import {
  type Claim,
  type ClaimOutcome,
  IdempotencyKeysRepository,
  type StoredResponse,
} from './idempotency-keys.repository';
import { optedOutOfIdempotencyKey } from './without-idempotency-key.decorator';

export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';

/** Answers that invite the very same request again, so they must not be replayed to its retry. */
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([401, 408, 425, 429]);

/** Headers that belong to the outcome of the request; the rest (ids, security) are per response. */
const REPLAYED_HEADERS = ['content-type', 'content-language', 'location', 'etag', 'last-modified'] as const;

const IN_FLIGHT_RETRY_AFTER_SECONDS = '1';

/**
 * Honours the Idempotency-Key header on every POST and PATCH route (but those marked
 * `@WithoutIdempotencyKey()`), with no code in the modules:
 * a `preHandler` hook claims the key before the handler runs (or answers 409, 422 or the stored
 * response), an `onSend` hook stores the response the handler produced, or releases the key when
 * the outcome invites a retry. See docs/decisions/0203-idempotency-keys.md.
 */
@Injectable()
export class IdempotencyHooks {
  private readonly claims = new WeakMap<FastifyRequest, Claim>();

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(IdempotencyConfig) private readonly config: IdempotencyConfig,
    @Optional() private readonly callers?: CallerIdentity,
  ) {}

  /** Callback-style hooks: requests without the header pass through without allocating a promise. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('preHandler', (request, reply, done) => {
      const header = request.headers[IDEMPOTENCY_KEY_HEADER];
      if (
        header === undefined ||
        !IDEMPOTENT_RETRY_METHODS.has(request.method) ||
        !request.routeOptions.url ||
        optedOutOfIdempotencyKey(request.routeOptions.config)
      ) {
        done();
        return;
      }
      // Not calling done() after answering here is what keeps the handler from running.
      this.claimOrAnswer(request, reply, header).then((answered) => {
        if (!answered) done();
      }, done);
    });
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const claim = this.claims.get(request);
      if (claim === undefined) {
        done(null, payload);
        return;
      }
      this.claims.delete(request);
      void this.settle(claim, request, reply, payload).then(() => {
        done(null, payload);
      });
    });
  }

  private async claimOrAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    header: string | string[],
  ): Promise<boolean> {
    const key = typeof header === 'string' ? parseIdempotencyKey(header) : undefined;
    if (key === undefined) {
      throw new HttpProblemError(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        'The Idempotency-Key header must be one key of 1 to 255 printable ASCII characters, bare or in double quotes.',
      );
    }
    const caller = await this.callers?.identify(request);
    const outcome = await this.keys.claim({
      scope: idempotencyScope(request, caller),
      key,
      fingerprint: requestFingerprint(request.method, request.url, request.body),
      lockTimeoutMs: this.config.lockTimeoutMs,
      ttlMs: this.config.keyTtlMs,
    });
    return this.answer(outcome, request, reply);
  }

  /** Returns true when the request was answered here, false when the handler is to run. */
  private answer(outcome: ClaimOutcome, request: FastifyRequest, reply: FastifyReply): boolean {
    switch (outcome.kind) {
      case 'claimed':
        this.claims.set(request, outcome.claim);
        return false;
      case 'in-flight':
        throw new HttpProblemError(
          409,
          'IDEMPOTENCY_KEY_IN_USE',
          'A request with this Idempotency-Key is still being processed. Retry after the Retry-After delay.',
          { 'retry-after': IN_FLIGHT_RETRY_AFTER_SECONDS },
        );
      case 'fingerprint-mismatch':
        throw new HttpProblemError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used for a different request (method, URL or body).',
        );
      case 'completed':
        void reply
          .code(outcome.response.status)
          .headers(outcome.response.headers)
          .header(IDEMPOTENT_REPLAY_HEADER, 'true')
          .send(outcome.response.body);
        return true;
    }
  }

  /**
   * Failing to store must not fail a response whose side effect already happened: the key then
   * stays locked until IDEMPOTENCY_LOCK_TIMEOUT_MS, after which a retry runs again.
   */
  private async settle(claim: Claim, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const body = storableBody(payload);
    try {
      if (isRetryable(reply.statusCode) || body === undefined) {
        await this.keys.release(claim);
        return;
      }
      const stored = await this.keys.complete(claim, {
        status: reply.statusCode,
        headers: replayedHeaders(reply),
        body,
      });
      if (!stored)
        request.log.warn({ key: claim.key }, 'idempotency key was taken over before its response was stored');
    } catch (error: unknown) {
      request.log.warn({ err: error, key: claim.key }, 'could not store the response of an idempotency key');
    }
  }
}

/**
 * Keys are scoped to the caller and the route (method and template): one key never replays the
 * answer of another endpoint, nor another user's. A request without a valid token is anonymous;
 * on a protected route the guard then answers 401, which releases the key. The caller comes first
 * so the length cap can never cut it off.
 */
export function idempotencyScope(request: FastifyRequest, caller?: string): string {
  return `${caller ?? 'anonymous'} ${request.method} ${routeTemplate(request)}`.slice(0, IDEMPOTENCY_SCOPE_MAX_LENGTH);
}

function isRetryable(status: number): boolean {
  return status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status);
}

/** Streams cannot be stored; JSON responses arrive here serialised. */
function storableBody(payload: unknown): Buffer | undefined {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  return undefined;
}

function replayedHeaders(reply: FastifyReply): StoredResponse['headers'] {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  return headers;
}
