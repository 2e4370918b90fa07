import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull, LessThanOrEqual, MoreThan, Not, type Repository } from 'typeorm';
import type { Role } from '../../common/auth';
import { SessionEntity, type SessionWithUser } from './session.entity';

export type NewSession = Pick<SessionEntity, 'userId' | 'refreshTokenHash' | 'expiresAt' | 'lastUsedAt'>;

/** What the guard checks of an access token's session on every authenticated request. */
export interface SessionAccess {
  readonly userId: string;
  readonly revoked: boolean;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
}

interface SessionAccessRow {
  readonly user_id: string;
  readonly revoked: boolean;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
}

/**
 * The guard's read, written by hand (decision 0103 allows it for a service's hottest read): it runs
 * on every authenticated request of every module, and the query builder would build, escape and
 * hydrate a join of both entities each time, password and refresh-token hashes included, for five
 * values.
 */
const SESSION_ACCESS_SQL = `SELECT s.user_id, s.revoked_at IS NOT NULL AS revoked, u.email, u.role, u.disabled
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = $1`;

/** The most sessions `GET /v1/auth/sessions` lists, newest first. */
export const LISTED_SESSIONS_MAX = 100;

/** The only place that talks to TypeORM about sessions. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get sessions(): Repository<SessionEntity> {
    return this.txHost.tx.getRepository(SessionEntity);
  }

  /**
   * Deletes the user's sessions that can no longer be refreshed. Called when the user starts a
   * session, so the table holds, per user, at most the sessions of one refresh lifetime; revoked
   * sessions stay until they expire (`GET /v1/auth/sessions` does not list them).
   */
  async deleteExpiredOfUser(userId: string): Promise<void> {
    await this.sessions.delete({ userId, expiresAt: LessThanOrEqual(new Date()) });
  }

  async insert(values: NewSession): Promise<SessionEntity> {
    const entity = this.sessions.create({ ...values, revokedAt: null });
    const { generatedMaps } = await this.sessions.insert(entity);
    return this.sessions.merge(entity, ...generatedMaps);
  }

  /** The session and its user in one query, as the refresh needs them. */
  findWithUser(id: string): Promise<SessionWithUser | null> {
    return this.sessions
      .createQueryBuilder('session')
      .innerJoinAndSelect('session.user', 'user')
      .where('session.id = :id', { id })
      .getOne() as Promise<SessionWithUser | null>;
  }

  /** What the guard needs of the session and its user, in one query; null for an unknown session. */
  async findAccess(id: string): Promise<SessionAccess | null> {
    const rows = await this.txHost.tx.query<SessionAccessRow[]>(SESSION_ACCESS_SQL, [id]);
    const row = rows[0];
    if (row === undefined) return null;
    return { userId: row.user_id, revoked: row.revoked, email: row.email, role: row.role, disabled: row.disabled };
  }

  /**
   * Replaces the refresh token only if `currentHash` is still the current one: of two refreshes
   * racing with the same token, exactly one wins, and the other is treated as reuse.
   */
  async rotate(
    id: string,
    currentHash: Buffer,
    next: Pick<SessionEntity, 'refreshTokenHash' | 'expiresAt'>,
  ): Promise<boolean> {
    const { affected } = await this.sessions.update(
      { id, refreshTokenHash: currentHash, revokedAt: IsNull() },
      { ...next, lastUsedAt: new Date() },
    );
    return affected === 1;
  }

  /** The user's sessions that can still be refreshed, newest first. */
  findActiveByUser(userId: string): Promise<SessionEntity[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC', id: 'ASC' },
      take: LISTED_SESSIONS_MAX,
    });
  }

  async revoke(id: string): Promise<void> {
    await this.sessions.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Whether the user had this session still active; someone else's session counts as absent. */
  async revokeOwned(id: string, userId: string): Promise<boolean> {
    const { affected } = await this.sessions.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return affected === 1;
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUserExcept(userId: string, keptId: string): Promise<void> {
    await this.sessions.update({ userId, id: Not(keptId), revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
