import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_SCOPE_MAX_LENGTH = 512;

const TIMESTAMP_PRECISION = 3;

/**
 * One Idempotency-Key per scope (method and route template): in flight while `responseStatus` is
 * null, then the stored response that retries replay until `expiresAt`.
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: IDEMPOTENCY_SCOPE_MAX_LENGTH })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: IDEMPOTENCY_KEY_MAX_LENGTH })
  key!: string;

  /** SHA-256 (hex) of method, URL and body: the same key with another request is a client bug. */
  @Column({ type: 'char', length: 64 })
  fingerprint!: string;

  /** Identifies the request holding the key, so a late finisher cannot overwrite a takeover. */
  @Column({ type: 'uuid' })
  claimToken!: string;

  /** Until when the in-flight request may hold the key; null once the response is stored. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @Column({ type: 'bytea', nullable: true })
  responseBody!: Buffer | null;

  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;
}
