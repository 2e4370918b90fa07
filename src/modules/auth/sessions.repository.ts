import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull, LessThanOrEqual, MoreThan, Not, type Repository } from 'typeorm';
import { SessionEntity, type SessionWithUser } from './session.entity';

export type NewSession = Pick<SessionEntity, 'userId' | 'refreshTokenHash' | 'expiresAt' | 'lastUsedAt'>;

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

  /** The session and its user in one query: the guard runs it on every authenticated request. */
  findWithUser(id: string): Promise<SessionWithUser | null> {
    return this.sessions
      .createQueryBuilder('session')
      .innerJoinAndSelect('session.user', 'user')
      .where('session.id = :id', { id })
      .getOne() as Promise<SessionWithUser | null>;
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
