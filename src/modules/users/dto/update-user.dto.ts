import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { type Role, ROLES } from '../../../common/auth';
import { OptionalNotNull } from '../../../common/validation';

/** What an admin may change about a user; passwords change only through their owner. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Disabling takes effect at once: the user’s access tokens stop working' })
  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}
