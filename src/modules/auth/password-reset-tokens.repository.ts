import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull, type Repository } from 'typeorm';
import { PasswordResetTokenEntity } from './password-reset-token.entity';

export type NewPasswordResetToken = Pick<PasswordResetTokenEntity, 'userId' | 'tokenHash' | 'expiresAt'>;

/** The only place that talks to TypeORM about password-reset tokens. */
@Injectable()
export class PasswordResetTokensRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get tokens(): Repository<PasswordResetTokenEntity> {
    return this.txHost.tx.getRepository(PasswordResetTokenEntity);
  }

  /** Stores a new token and deletes the user's unused older ones: only the latest mail works. */
  async replace(values: NewPasswordResetToken): Promise<void> {
    await this.tokens.delete({ userId: values.userId, usedAt: IsNull() });
    await this.tokens.insert(this.tokens.create({ ...values, usedAt: null }));
  }

  /** The token with this hash, locked until the transaction ends, so two confirmations cannot both use it. */
  findForUpdate(tokenHash: Buffer): Promise<PasswordResetTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(id: string): Promise<void> {
    await this.tokens.update({ id }, { usedAt: new Date() });
  }
}
