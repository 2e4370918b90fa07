import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { UNIQUE_VIOLATION, violatedConstraint } from '../../common/database';
import { USER_EMAIL_CONSTRAINT, UserEntity } from './user.entity';
import { UserEmailTakenError } from './users.errors';

export type NewUser = Pick<UserEntity, 'email' | 'passwordHash' | 'role'>;
export type UserChanges = Partial<Pick<UserEntity, 'role' | 'disabled'>>;

/** The only place that talks to TypeORM about users. */
@Injectable()
export class UsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get users(): Repository<UserEntity> {
    return this.txHost.tx.getRepository(UserEntity);
  }

  /** One INSERT … RETURNING; a taken (normalised) email fails UQ_users_email, which is the check. */
  async insert(values: NewUser): Promise<UserEntity> {
    try {
      const entity = this.users.create(values);
      const { generatedMaps } = await this.users.insert(entity);
      return this.users.merge(entity, ...generatedMaps);
    } catch (error) {
      throw violatedConstraint(error, UNIQUE_VIOLATION) === USER_EMAIL_CONSTRAINT ? new UserEmailTakenError() : error;
    }
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** `email` must already be normalised. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  /** The user after the change, or null when no user has this id. An empty change only reads. */
  async update(id: string, changes: UserChanges): Promise<UserEntity | null> {
    if (Object.keys(changes).length === 0) return this.findById(id);
    const { affected } = await this.users.update({ id }, changes);
    return affected === 1 ? this.findById(id) : null;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}
