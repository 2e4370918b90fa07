import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth';
import { IdParamsDto } from '../../common/dto';
import { ApiProblemResponses } from '../../common/openapi';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { toUserResponse } from './users.mapper';
import { UsersService } from './users.service';

const USERS_PATH = 'users';
const USERS_VERSION = '1';

/** User administration: admins only. Users see themselves at GET /v1/auth/me. */
@ApiTags('users')
@Roles('admin')
@Controller({ path: USERS_PATH, version: USERS_VERSION })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblemResponses(400, 404)
  async get(@Param() params: IdParamsDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(params.id));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role or disable them" })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblemResponses(400, 404)
  async update(@Param() params: IdParamsDto, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return toUserResponse(await this.users.update(params.id, dto));
  }
}
