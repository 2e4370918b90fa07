import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallerIdentity } from '../../common/auth';
import { UsersModule } from '../users';
import { AccessTokens } from './access-tokens';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { PasswordResetTokensRepository } from './password-reset-tokens.repository';
import { PasswordResetService } from './password-reset.service';
import { SessionEntity } from './session.entity';
import { SessionsRepository } from './sessions.repository';

/**
 * Sessions, tokens and the global guard that makes every route not marked `@Public()` need a token.
 * Global for CallerIdentity, which core's idempotency hooks inject without importing a module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity, PasswordResetTokenEntity]), UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsRepository,
    PasswordResetService,
    PasswordResetTokensRepository,
    AccessTokens,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: CallerIdentity, useExisting: AuthService },
  ],
  exports: [AuthService, CallerIdentity],
})
export class AuthModule {}
