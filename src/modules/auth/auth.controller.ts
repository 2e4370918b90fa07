import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Public } from '../../common/auth';
import { IdParamsDto } from '../../common/dto';
import { ApiProblemResponses } from '../../common/openapi';
import { WithoutIdempotencyKey } from '../../core/idempotency/without-idempotency-key.decorator';
import { ThrottlePerAccount } from '../../core/throttling/throttle-per-account.decorator';
import { normaliseEmail, toUserResponse, UserResponseDto, UsersService } from '../users';
import { toSessionListResponse, toTokenResponse } from './auth.mapper';
import { AuthService } from './auth.service';
import { SessionListResponseDto, TokenResponseDto } from './dto/auth-response.dto';
import {
  ChangePasswordDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterDto,
} from './dto/credentials.dto';
import { PasswordResetService } from './password-reset.service';

/** The account a login or a reset request is about: its normalised email, one budget however spelt. */
function emailOf(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === 'string' ? normaliseEmail(email) : undefined;
}

@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('register')
  @WithoutIdempotencyKey()
  @Public()
  @ApiOperation({
    summary: 'Create an account with the role `user` (when AUTH_REGISTRATION_ENABLED)',
    description: 'A taken email answers 409 USERS_EMAIL_TAKEN: see README "Authentication" on enumeration.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiProblemResponses(400, 404, 409)
  async register(@Body() dto: RegisterDto): Promise<UserResponseDto> {
    return toUserResponse(await this.auth.register(dto.email, dto.password));
  }

  @Post('login')
  @WithoutIdempotencyKey()
  @ThrottlePerAccount(emailOf)
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange an email and password for an access token and a refresh token' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblemResponses(400, 401, 429)
  async login(@Body() dto: LoginDto): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.login(dto.email, dto.password));
  }

  @Post('refresh')
  @WithoutIdempotencyKey()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (rotation)',
    description:
      'A refresh token works once; presenting it again revokes its whole session (401 AUTH_REFRESH_TOKEN_REUSED).',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblemResponses(400, 401, 429)
  async refresh(@Body() dto: RefreshDto): Promise<TokenResponseDto> {
    return toTokenResponse(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  // A retry after the session ended is refused 401 by the guard before any stored answer could be
  // replayed to it, so a key would only hold a row for nothing.
  @WithoutIdempotencyKey()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of this access token' })
  @ApiNoContentResponse({ description: 'The session is revoked; its tokens no longer work' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Get('me')
  @ApiOperation({ summary: 'The authenticated user' })
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(principal.userId));
  }

  @Get('sessions')
  @ApiOperation({ summary: "The caller's active sessions" })
  @ApiOkResponse({ type: SessionListResponseDto })
  async sessions(@CurrentPrincipal() principal: Principal): Promise<SessionListResponseDto> {
    return toSessionListResponse(await this.auth.listSessions(principal), principal);
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of your sessions (another device, say)' })
  @ApiNoContentResponse({ description: 'The session is revoked' })
  @ApiProblemResponses(400, 404)
  async revokeSession(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto): Promise<void> {
    await this.auth.revokeSession(principal, params.id);
  }

  @Post('password')
  @WithoutIdempotencyKey()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your password; every other session is revoked' })
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiProblemResponses(400, 422)
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(principal, dto.currentPassword, dto.newPassword);
  }

  @Post('password-reset')
  @WithoutIdempotencyKey()
  @ThrottlePerAccount(emailOf)
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a one-time password-reset token to this address, if an active account has it',
    description: 'Answers 202 whether or not the account exists: see README "Authentication" on enumeration.',
  })
  @ApiAcceptedResponse({ description: 'If the address belongs to an active account, a mail is on its way' })
  @ApiProblemResponses(400, 429)
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    await this.passwordReset.request(dto.email);
  }

  @Post('password-reset/confirm')
  @WithoutIdempotencyKey()
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with the mailed token; every session of the account is revoked',
    description:
      'A token works once, until it expires, and only if it is the latest mailed: otherwise 422 ' +
      'AUTH_RESET_TOKEN_INVALID, AUTH_RESET_TOKEN_EXPIRED or AUTH_RESET_TOKEN_USED.',
  })
  @ApiNoContentResponse({ description: 'The password is changed; log in with it' })
  @ApiProblemResponses(400, 422, 429)
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.passwordReset.confirm(dto.token, dto.newPassword);
  }
}
