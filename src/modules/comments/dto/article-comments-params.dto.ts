import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** Route parameters of `/v1/articles/:articleId/comments`. A malformed id is a 400, not a PostgreSQL cast error. */
export class ArticleCommentsParamsDto {
  @ApiProperty({ format: 'uuid', example: '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f' })
  @IsUUID('all')
  articleId!: string;
}
