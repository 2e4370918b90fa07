import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { CodePointLength, IsStorableText } from '../../../common/validation';
import { TOPIC_NAME_MAX_LENGTH } from '../topic.entity';

export class CreateTopicDto {
  @ApiProperty({
    description: 'Unique name of the topic (exact, case-sensitive)',
    minLength: 1,
    maxLength: TOPIC_NAME_MAX_LENGTH,
    example: 'Databases',
  })
  @IsString()
  @IsStorableText()
  @CodePointLength(1, TOPIC_NAME_MAX_LENGTH)
  name!: string;
}
