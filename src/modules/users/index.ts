/** The public surface of the users module: other modules import from here only. */
export { UserResponseDto } from './dto/user-response.dto';
export { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
export { USER_EMAIL_MAX_LENGTH, UserEntity, normaliseEmail } from './user.entity';
export {
  UserCurrentPasswordWrongError,
  UserEmailTakenError,
  UserNotFoundError,
  UserPasswordRejectedError,
} from './users.errors';
export { toUserResponse } from './users.mapper';
export { UsersModule } from './users.module';
export { UsersService, type NewUserInput } from './users.service';
