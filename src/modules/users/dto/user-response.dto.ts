import { ApiProperty } from '@nestjs/swagger';
import { type Role, ROLES } from '../../../common/auth';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ann@example.com', description: 'As stored: trimmed and lower-cased' })
  email!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;

  @ApiProperty({ description: 'A disabled user cannot log in and their tokens stop working' })
  disabled!: boolean;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time' })
  updatedAt!: string;
}
