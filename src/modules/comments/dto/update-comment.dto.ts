import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { POSTGRES_INTEGER_MAX } from '../../../common/validation';
import { CreateCommentDto } from './create-comment.dto';

/**
 * Every field of the create body may be omitted; `null` is still rejected (skipNullProperties:
 * false), since every column is NOT NULL. A new `articleId` moves the comment to that article.
 */
export class UpdateCommentDto extends PartialType(CreateCommentDto, { skipNullProperties: false }) {
  @ApiProperty({
    description: 'The version of the comment the change is based on; a stale version is rejected with 409',
    type: 'integer',
    minimum: 1,
    maximum: POSTGRES_INTEGER_MAX,
    example: 1,
  })
  @IsInt()
  @Min(1)
  @Max(POSTGRES_INTEGER_MAX)
  version!: number;
}
