/** The public surface of the users module: other modules import from here only. */
export { UserResponseDto } from './dto/user-response.dto';
export { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
export { normaliseEmail, USER_EMAIL_MAX_LENGTH, UserEntity } from './user.entity';
export {
  UserCurrentPasswordWrongError,
  UserEmailTakenError,
  UserNotFoundError,
  UserPasswordRejectedError,
} from './users.errors';
export { toUserResponse } from './users.mapper';
export { UsersModule } from './users.module';
export { type NewUserInput, UsersService } from './users.service';
