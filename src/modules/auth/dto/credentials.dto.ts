import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { CodePointLength, IsStorableText } from '../../../common/validation';
import { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_EMAIL_MAX_LENGTH } from '../../users';
import { PASSWORD_RESET_TOKEN_PATTERN } from '../password-reset-tokens';

/**
 * A password as login or a password change sends it: bounded, but not held to the current policy,
 * which may be stricter than the one it was chosen under.
 */
const PRESENTED_PASSWORD_MAX_LENGTH = 1_024;

export class LoginDto {
  @ApiProperty({ maxLength: USER_EMAIL_MAX_LENGTH, example: 'ann@example.com' })
  @IsString()
  @IsStorableText()
  @MaxLength(USER_EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({ maxLength: PRESENTED_PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString()
  @MaxLength(PRESENTED_PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RegisterDto {
  @ApiProperty({ format: 'email', maxLength: USER_EMAIL_MAX_LENGTH, example: 'ann@example.com' })
  @IsString()
  @IsStorableText()
  @MaxLength(USER_EMAIL_MAX_LENGTH)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Not one of the common passwords the service bundles',
  })
  @IsString()
  @CodePointLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @IsAcceptablePassword()
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: PRESENTED_PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString()
  @MaxLength(PRESENTED_PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @CodePointLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @IsAcceptablePassword()
  newPassword!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the latest login or refresh', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ maxLength: USER_EMAIL_MAX_LENGTH, example: 'ann@example.com' })
  @IsString()
  @IsStorableText()
  @MaxLength(USER_EMAIL_MAX_LENGTH)
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the password-reset mail', pattern: PASSWORD_RESET_TOKEN_PATTERN.source })
  @IsString()
  @Matches(PASSWORD_RESET_TOKEN_PATTERN, { message: 'must be the 43-character token from the password-reset mail' })
  token!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @CodePointLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @IsAcceptablePassword()
  newPassword!: string;
}
