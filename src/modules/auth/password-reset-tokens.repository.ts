import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull, LessThanOrEqual, Not, type Repository } from 'typeorm';
import { PasswordResetTokenEntity, UNUSED_TOKEN_PER_USER_PREDICATE } from './password-reset-token.entity';

export type NewPasswordResetToken = Pick<PasswordResetTokenEntity, 'userId' | 'tokenHash' | 'expiresAt'>;

/** The only place that talks to TypeORM about password-reset tokens. */
@Injectable()
export class PasswordResetTokensRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get tokens(): Repository<PasswordResetTokenEntity> {
    return this.txHost.tx.getRepository(PasswordResetTokenEntity);
  }

  /**
   * Makes this the user's only usable token: only the latest mail works. The user's unused token
   * is overwritten in place (`ON CONFLICT` on the partial unique index), so two requests racing
   * each other leave one token, the later one, rather than two; the user's used and expired
   * tokens are deleted on the way, which keeps the table at a few rows per user.
   */
  async replace(values: NewPasswordResetToken): Promise<void> {
    const { userId } = values;
    await this.tokens.delete([
      { userId, usedAt: Not(IsNull()) },
      { userId, expiresAt: LessThanOrEqual(new Date()) },
    ]);
    await this.tokens.upsert(
      { ...values, usedAt: null, createdAt: new Date() },
      { conflictPaths: ['userId'], indexPredicate: UNUSED_TOKEN_PER_USER_PREDICATE },
    );
  }

  /** The token with this hash, locked until the transaction ends, so two confirmations cannot both use it. */
  findForUpdate(tokenHash: Buffer): Promise<PasswordResetTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(id: string): Promise<void> {
    await this.tokens.update({ id }, { usedAt: new Date() });
  }
}
