/** The public surface of the auth module: other modules import from here only. */
export { ACCESS_TOKEN_FAILURE_MESSAGES, type AccessTokenFailure, type RefreshFailure } from './auth.errors';
export { AuthModule } from './auth.module';
export { AuthService, type IssuedTokens } from './auth.service';
