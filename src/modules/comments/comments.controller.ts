import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParamsDto } from '../../common/dto';
import { ApiProblemResponses } from '../../common/openapi';
import { ETagFromVersion, IfMatch } from '../../core/http/conditional-requests';
import { toCommentPageResponse, toCommentResponse } from './comments.mapper';
import { CommentsService } from './comments.service';
import { CommentPageResponseDto } from './dto/comment-page-response.dto';
import { CommentResponseDto } from './dto/comment-response.dto';
import { CreateCommentDto } from './dto/create-comment.dto';
import { GetCommentQueryDto } from './dto/get-comment-query.dto';
import { ListCommentsQueryDto } from './dto/list-comments-query.dto';
import { UpdateCommentDto } from './dto/update-comment.dto';

const COMMENTS_PATH = 'comments';
const COMMENTS_VERSION = '1';

@ApiTags('comments')
@Controller({ path: COMMENTS_PATH, version: COMMENTS_VERSION })
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Post()
  @ApiOperation({ summary: 'Comment on an article' })
  @ApiCreatedResponse({
    type: CommentResponseDto,
    headers: { Location: { description: 'URL of the new comment', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 422)
  @ETagFromVersion()
  async create(
    @Body() dto: CreateCommentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommentResponseDto> {
    const comment = await this.comments.create(dto);
    void reply.header('location', `/v${COMMENTS_VERSION}/${COMMENTS_PATH}/${comment.id}`);
    return toCommentResponse(comment);
  }

  @Get()
  @ApiOperation({ summary: 'List comments, one page at a time (cursor pagination)' })
  @ApiOkResponse({ type: CommentPageResponseDto })
  @ApiProblemResponses(400)
  async list(@Query() query: ListCommentsQueryDto): Promise<CommentPageResponseDto> {
    return toCommentPageResponse(await this.comments.list(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a comment' })
  @ApiOkResponse({ type: CommentResponseDto })
  @ApiProblemResponses(400, 404)
  @ETagFromVersion()
  async get(@Param() params: IdParamsDto, @Query() query: GetCommentQueryDto): Promise<CommentResponseDto> {
    return toCommentResponse(await this.comments.get(params.id, query.include));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a comment (optimistic concurrency via `version`)' })
  @ApiOkResponse({ type: CommentResponseDto })
  @ApiProblemResponses(400, 404, 409, 422)
  @ETagFromVersion()
  async update(
    @Param() params: IdParamsDto,
    @Body() dto: UpdateCommentDto,
    @IfMatch() ifMatch?: readonly number[],
  ): Promise<CommentResponseDto> {
    return toCommentResponse(await this.comments.update(params.id, dto, ifMatch));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a comment' })
  @ApiNoContentResponse({ description: 'The comment was deleted' })
  @ApiProblemResponses(400, 404)
  async delete(@Param() params: IdParamsDto, @IfMatch() ifMatch?: readonly number[]): Promise<void> {
    await this.comments.delete(params.id, ifMatch);
  }
}
