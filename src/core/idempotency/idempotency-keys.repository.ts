import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export interface KeyRequest {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly lockTimeoutMs: number;
  readonly ttlMs: number;
}

/** The request now holds the key; `claimToken` proves it when storing or releasing. */
export interface Claim {
  readonly scope: string;
  readonly key: string;
  readonly claimToken: string;
}

export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly claim: Claim }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'fingerprint-mismatch' }
  | { readonly kind: 'completed'; readonly response: StoredResponse };

/**
 * A key is free when new, expired, or locked by a request presumed dead; a dead request's key is
 * taken over only by the same request (same fingerprint), since reusing a key for another request
 * is a client bug whatever state the key is in. Every identifier is quoted, the rule for hand-written
 * SQL (docs/reference-module.md, "SQL identifiers"), so no one has to know which words are reserved.
 */
const CLAIM_SQL = `
  INSERT INTO "idempotency_keys" AS "held" ("scope", "key", "fingerprint", "claim_token", "locked_until", "expires_at")
  VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond', now() + $6 * interval '1 millisecond')
  ON CONFLICT ("scope", "key") DO UPDATE SET
    "fingerprint" = excluded."fingerprint",
    "claim_token" = excluded."claim_token",
    "locked_until" = excluded."locked_until",
    "expires_at" = excluded."expires_at",
    "response_status" = NULL,
    "response_headers" = NULL,
    "response_body" = NULL,
    "created_at" = now()
  WHERE "held"."expires_at" <= now()
     OR ("held"."response_status" IS NULL AND "held"."locked_until" <= now() AND "held"."fingerprint" = excluded."fingerprint")
  RETURNING "claim_token"`;

/** A held key can vanish between the failed claim and the read (released or purged): claim again. */
const CLAIM_ATTEMPTS = 3;

/** The only place that talks to the database about idempotency keys. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectRepository(IdempotencyKeyEntity) private readonly keys: Repository<IdempotencyKeyEntity>) {}

  /**
   * One atomic statement decides who holds a key: concurrent requests with the same key serialise
   * on its primary key, exactly one of them inserts (or takes over), the others read the result.
   */
  async claim(request: KeyRequest): Promise<ClaimOutcome> {
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      const claimToken = randomUUID();
      const rows: unknown[] = await this.keys.query(CLAIM_SQL, [
        request.scope,
        request.key,
        request.fingerprint,
        claimToken,
        request.lockTimeoutMs,
        request.ttlMs,
      ]);
      if (rows.length > 0) return { kind: 'claimed', claim: { scope: request.scope, key: request.key, claimToken } };
      const held = await this.keys.findOneBy({ scope: request.scope, key: request.key });
      if (held !== null) return outcomeOfHeldKey(held, request.fingerprint);
    }
    return { kind: 'in-flight' };
  }

  /** Returns false when the claim was lost meanwhile (the lock timed out and a retry took the key). */
  async complete(claim: Claim, response: StoredResponse): Promise<boolean> {
    const result = await this.keys.update(claim, {
      responseStatus: response.status,
      responseHeaders: { ...response.headers },
      responseBody: response.body,
      lockedUntil: null,
    });
    return result.affected === 1;
  }

  async release(claim: Claim): Promise<void> {
    await this.keys.delete(claim);
  }

  /** Deletes up to `limit` expired keys; rows locked by another instance's cleanup are skipped. */
  async deleteExpired(limit: number): Promise<number> {
    const result = await this.keys
      .createQueryBuilder()
      .delete()
      .where(
        `("scope", "key") IN (SELECT "scope", "key" FROM "idempotency_keys" WHERE "expires_at" <= now() LIMIT :limit FOR UPDATE SKIP LOCKED)`,
        { limit },
      )
      .execute();
    return result.affected ?? 0;
  }
}

function outcomeOfHeldKey(held: IdempotencyKeyEntity, fingerprint: string): ClaimOutcome {
  if (held.fingerprint !== fingerprint) return { kind: 'fingerprint-mismatch' };
  if (held.responseStatus === null) return { kind: 'in-flight' };
  return {
    kind: 'completed',
    response: {
      status: held.responseStatus,
      headers: held.responseHeaders ?? {},
      body: held.responseBody ?? Buffer.alloc(0),
    },
  };
}
