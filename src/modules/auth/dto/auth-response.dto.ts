import { ApiProperty } from '@nestjs/swagger';

export class TokenResponseDto {
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'Exchange it at POST /v1/auth/refresh; each one works once' })
  refreshToken!: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  refreshTokenExpiresAt!: string;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Whether the access token of this request belongs to it' })
  current!: boolean;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'The login or the latest refresh' })
  lastUsedAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  expiresAt!: string;
}

export class SessionListResponseDto {
  @ApiProperty({ type: [SessionResponseDto], description: 'Active sessions, most recently used first (100 at most)' })
  items!: SessionResponseDto[];
}
