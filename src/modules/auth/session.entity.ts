import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../users';

export const SESSION_USER_CONSTRAINT = 'FK_sessions_user_id';

/** Timestamps keep millisecond precision, what a JavaScript Date holds. */
const TIMESTAMP_PRECISION = 3;

/**
 * One login: a family of refresh tokens of which only the latest is valid. The id is the family id
 * (the `sid` claim of its access tokens and the first half of its refresh tokens); each refresh
 * replaces `refreshTokenHash`, so presenting an older token of the family is detectable as reuse.
 */
@Entity({ name: 'sessions' })
@Index('IDX_sessions_user_id', ['userId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** Deleting a user deletes their sessions. The guard reads the user with the session on every authenticated request. */
  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: SESSION_USER_CONSTRAINT })
  user?: UserEntity;

  /** SHA-256 of the secret half of the current refresh token; the token itself is never stored. */
  @Column({ type: 'bytea' })
  refreshTokenHash!: Buffer;

  /** Idle expiry: each refresh moves it AUTH_REFRESH_TOKEN_TTL_SECONDS ahead. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  expiresAt!: Date;

  /** Set by logout, by revocation, by a password change (other sessions) and by refresh-token reuse. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  revokedAt!: Date | null;

  /** The login or the latest refresh. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  lastUsedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;
}

/** A session with its user, as the guard and the refresh need them. */
export type SessionWithUser = SessionEntity & { readonly user: UserEntity };
