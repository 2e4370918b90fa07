import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from '../../common/openapi';
import { toCommentPageResponse } from './comments.mapper';
import { CommentsService } from './comments.service';
import { ArticleCommentsParamsDto } from './dto/article-comments-params.dto';
import { CommentPageResponseDto } from './dto/comment-page-response.dto';
import { ListArticleCommentsQueryDto } from './dto/list-article-comments-query.dto';

const ARTICLE_COMMENTS_PATH = 'articles/:articleId/comments';
const ARTICLE_COMMENTS_VERSION = '1';

/** The comments of one article, nested under it; writes go through `/v1/comments`. */
@ApiTags('comments')
@Controller({ path: ARTICLE_COMMENTS_PATH, version: ARTICLE_COMMENTS_VERSION })
export class ArticleCommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @ApiOperation({ summary: "List an article's comments, one page at a time (cursor pagination)" })
  @ApiOkResponse({ type: CommentPageResponseDto })
  @ApiProblemResponses(400, 404)
  async list(
    @Param() params: ArticleCommentsParamsDto,
    @Query() query: ListArticleCommentsQueryDto,
  ): Promise<CommentPageResponseDto> {
    return toCommentPageResponse(await this.comments.listForArticle(params.articleId, query));
  }
}
