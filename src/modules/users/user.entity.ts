import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DEFAULT_ROLE, type Role, ROLES } from '../../common/auth';

/** RFC 5321 caps a forward path at 256 octets, the angle brackets included: 254 for the address. */
export const USER_EMAIL_MAX_LENGTH = 254;

/** Named so the repository can recognise its unique violation and report a taken email. */
export const USER_EMAIL_CONSTRAINT = 'UQ_users_email';

/** Timestamps keep millisecond precision, what a JavaScript Date holds. */
const TIMESTAMP_PRECISION = 3;

@Entity({ name: 'users' })
@Unique(USER_EMAIL_CONSTRAINT, ['email'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /**
   * Stored normalised (trimmed, lower-cased; see normaliseEmail), so the unique constraint makes
   * addresses unique case-insensitively and lookups use it as a plain index.
   */
  @Column({ type: 'varchar', length: USER_EMAIL_MAX_LENGTH })
  email!: string;

  /** An argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`); never leaves the service. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role', default: DEFAULT_ROLE })
  role!: Role;

  /** A disabled user cannot log in, and the access tokens of their sessions stop working at once. */
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  updatedAt!: Date;
}

/**
 * The one spelling of an address the service stores and compares. Lower-casing the local part is
 * not what RFC 5321 promises, but no mainstream provider distinguishes case there, and treating
 * `Ann@x.io` and `ann@x.io` as two accounts invites takeover-by-confusion.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
