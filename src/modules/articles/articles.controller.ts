import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal } from '../../common/auth';
import { IdParamsDto } from '../../common/dto';
import { ApiProblemResponses } from '../../common/openapi';
import { ETagFromVersion, IfMatch } from '../../core/http/conditional-requests';
import { toArticlePageResponse, toArticleResponse } from './articles.mapper';
import { ArticlesService } from './articles.service';
import { ArticlePageResponseDto } from './dto/article-page-response.dto';
import { ArticleResponseDto } from './dto/article-response.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { GetArticleQueryDto } from './dto/get-article-query.dto';
import { ListArticlesQueryDto } from './dto/list-articles-query.dto';
import { UpdateArticleDto } from './dto/update-article.dto';

const ARTICLES_PATH = 'articles';
const ARTICLES_VERSION = '1';

@ApiTags('articles')
@Controller({ path: ARTICLES_PATH, version: ARTICLES_VERSION })
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an article' })
  @ApiCreatedResponse({
    type: ArticleResponseDto,
    headers: { Location: { description: 'URL of the new article', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 409, 422)
  @ETagFromVersion()
  async create(
    @Body() dto: CreateArticleDto,
    @CurrentPrincipal() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ArticleResponseDto> {
    const article = await this.articles.create(dto, caller);
    void reply.header('location', `/v${ARTICLES_VERSION}/${ARTICLES_PATH}/${article.id}`);
    return toArticleResponse(article);
  }

  @Get()
  @ApiOperation({ summary: 'List articles, one page at a time (cursor pagination)' })
  @ApiOkResponse({ type: ArticlePageResponseDto })
  @ApiProblemResponses(400)
  async list(@Query() query: ListArticlesQueryDto): Promise<ArticlePageResponseDto> {
    return toArticlePageResponse(await this.articles.list(query), query.include);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an article' })
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiProblemResponses(400, 404)
  @ETagFromVersion()
  async get(@Param() params: IdParamsDto, @Query() query: GetArticleQueryDto): Promise<ArticleResponseDto> {
    return toArticleResponse(await this.articles.get(params.id, query.include), query.include);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields of an article (optimistic concurrency via `version`)',
    description: 'Only its author or an admin may; anyone else gets 403 `ARTICLES_NOT_AUTHOR`.',
  })
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiProblemResponses(400, 403, 404, 409, 422)
  @ETagFromVersion()
  async update(
    @Param() params: IdParamsDto,
    @Body() dto: UpdateArticleDto,
    @CurrentPrincipal() caller: Principal,
    @IfMatch() ifMatch?: readonly number[],
  ): Promise<ArticleResponseDto> {
    return toArticleResponse(await this.articles.update(params.id, dto, caller, ifMatch));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete an article (its topic links go with it, the topics stay)',
    description: 'Only its author or an admin may; anyone else gets 403 `ARTICLES_NOT_AUTHOR`.',
  })
  @ApiNoContentResponse({ description: 'The article was deleted' })
  @ApiProblemResponses(400, 403, 404)
  async delete(
    @Param() params: IdParamsDto,
    @CurrentPrincipal() caller: Principal,
    @IfMatch() ifMatch?: readonly number[],
  ): Promise<void> {
    await this.articles.delete(params.id, caller, ifMatch);
  }
}
