import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, isUUID } from 'class-validator';

const UUID_VERSION = 'all';

/** Route parameters of `/:id` routes. A malformed id is a 400 here instead of a PostgreSQL cast error. */
export class IdParamsDto {
  @ApiProperty({ format: 'uuid', example: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f' })
  @IsUUID(UUID_VERSION)
  id!: string;

  /** The fast path of StrictValidationPipe (FastPathDto): the same check as the decorator above. */
  static acceptIfValid(value: unknown): IdParamsDto | undefined {
    if (!isOnlyId(value) || typeof value.id !== 'string' || !isUUID(value.id, UUID_VERSION)) return undefined;
    const params = new IdParamsDto();
    params.id = value.id;
    return params;
  }
}

function isOnlyId(value: unknown): value is { id: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'id';
}
