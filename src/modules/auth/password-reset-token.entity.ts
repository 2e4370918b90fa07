import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../users';

export const PASSWORD_RESET_TOKEN_USER_CONSTRAINT = 'FK_password_reset_tokens_user_id';

/** The rows the one-unused-token-per-user index covers; `replace` names it as its conflict target. */
export const UNUSED_TOKEN_PER_USER_PREDICATE = '"used_at" IS NULL';

/** Timestamps keep millisecond precision, what a JavaScript Date holds. */
const TIMESTAMP_PRECISION = 3;

/**
 * A password-reset token mailed to a user. Only its SHA-256 is stored, so a copy of the table
 * resets nobody's password; a token works once and until `expiresAt`.
 */
@Entity({ name: 'password_reset_tokens' })
@Index('IDX_password_reset_tokens_user_id', ['userId'])
@Index('UQ_password_reset_tokens_user_id_unused', ['userId'], { unique: true, where: UNUSED_TOKEN_PER_USER_PREDICATE })
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** Deleting a user deletes their reset tokens. */
  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: PASSWORD_RESET_TOKEN_USER_CONSTRAINT })
  user?: UserEntity;

  /** SHA-256 of the token; the confirmation looks tokens up by it. */
  @Index('UQ_password_reset_tokens_token_hash', { unique: true })
  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  expiresAt!: Date;

  /** Set when the token reset the password; a used token is refused. */
  @Column({ type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;
}
