import type { Principal } from '../../common/auth';
import type { IssuedTokens } from './auth.service';
import type { SessionListResponseDto, TokenResponseDto } from './dto/auth-response.dto';
import type { SessionEntity } from './session.entity';

export function toTokenResponse(tokens: IssuedTokens): TokenResponseDto {
  return {
    tokenType: 'Bearer',
    accessToken: tokens.accessToken,
    expiresIn: tokens.expiresInSeconds,
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
  };
}

export function toSessionListResponse(
  sessions: readonly SessionEntity[],
  principal: Principal,
): SessionListResponseDto {
  return {
    items: sessions.map((session) => ({
      id: session.id,
      current: session.id === principal.sessionId,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
    })),
  };
}
