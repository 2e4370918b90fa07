import { ApiProperty } from '@nestjs/swagger';
import { ArticleSummaryResponseDto } from './article-response.dto';

export class ArticlePageResponseDto {
  @ApiProperty({ type: [ArticleSummaryResponseDto] })
  items!: ArticleSummaryResponseDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
