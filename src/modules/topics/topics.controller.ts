import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParamsDto } from '../../common/dto';
import { ApiProblemResponses } from '../../common/openapi';
import { ETagFromVersion, IfMatch } from '../../core/http/conditional-requests';
import { CreateTopicDto } from './dto/create-topic.dto';
import { ListTopicsQueryDto } from './dto/list-topics-query.dto';
import { TopicPageResponseDto } from './dto/topic-page-response.dto';
import { TopicResponseDto } from './dto/topic-response.dto';
import { UpdateTopicDto } from './dto/update-topic.dto';
import { toTopicPageResponse, toTopicResponse } from './topics.mapper';
import { TopicsService } from './topics.service';

const TOPICS_PATH = 'topics';
const TOPICS_VERSION = '1';

@ApiTags('topics')
@Controller({ path: TOPICS_PATH, version: TOPICS_VERSION })
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a topic' })
  @ApiCreatedResponse({
    type: TopicResponseDto,
    headers: { Location: { description: 'URL of the new topic', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400, 409)
  @ETagFromVersion()
  async create(
    @Body() dto: CreateTopicDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TopicResponseDto> {
    const topic = await this.topics.create(dto);
    void reply.header('location', `/v${TOPICS_VERSION}/${TOPICS_PATH}/${topic.id}`);
    return toTopicResponse(topic);
  }

  @Get()
  @ApiOperation({ summary: 'List topics, one page at a time (cursor pagination)' })
  @ApiOkResponse({ type: TopicPageResponseDto })
  @ApiProblemResponses(400)
  async list(@Query() query: ListTopicsQueryDto): Promise<TopicPageResponseDto> {
    return toTopicPageResponse(await this.topics.list(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a topic' })
  @ApiOkResponse({ type: TopicResponseDto })
  @ApiProblemResponses(400, 404)
  @ETagFromVersion()
  async get(@Param() params: IdParamsDto): Promise<TopicResponseDto> {
    return toTopicResponse(await this.topics.get(params.id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a topic (optimistic concurrency via `version`)' })
  @ApiOkResponse({ type: TopicResponseDto })
  @ApiProblemResponses(400, 404, 409)
  @ETagFromVersion()
  async update(
    @Param() params: IdParamsDto,
    @Body() dto: UpdateTopicDto,
    @IfMatch() ifMatch?: readonly number[],
  ): Promise<TopicResponseDto> {
    return toTopicResponse(await this.topics.update(params.id, dto, ifMatch));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a topic; 409 TOPICS_REFERENCED while an article uses it' })
  @ApiNoContentResponse({ description: 'The topic was deleted' })
  @ApiProblemResponses(400, 404, 409)
  async delete(@Param() params: IdParamsDto, @IfMatch() ifMatch?: readonly number[]): Promise<void> {
    await this.topics.delete(params.id, ifMatch);
  }
}
