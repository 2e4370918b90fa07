import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID } from 'class-validator';
import { CodePointLength, IsStorableText } from '../../../common/validation';
import { COMMENT_AUTHOR_MAX_LENGTH, COMMENT_BODY_MAX_LENGTH } from '../comment.entity';

export class CreateCommentDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The article commented on; an unknown article is rejected with 422',
    example: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f',
  })
  @IsUUID('all')
  articleId!: string;

  @ApiProperty({ minLength: 1, maxLength: COMMENT_AUTHOR_MAX_LENGTH, example: 'Ada' })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, COMMENT_AUTHOR_MAX_LENGTH)
  author!: string;

  @ApiProperty({ minLength: 1, maxLength: COMMENT_BODY_MAX_LENGTH, example: 'Nice article!' })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, COMMENT_BODY_MAX_LENGTH)
  body!: string;
}
