import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { ArrayDistinct, eachItem } from '../validation';

/**
 * `?include=topics,comments` (or the parameter repeated): related resources a route embeds in its
 * response, joined in the same query. Only the route's own allow-list is accepted; anything else,
 * or a name given twice, is a 400 naming the allowed values.
 */
export function IncludeQuery(relations: readonly string[]): PropertyDecorator {
  const maxSize = relations.length;
  return applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', enum: [...relations] },
      description: `Related resources to embed: ${relations.join(', ')}. Repeat the parameter or separate names with commas.`,
    }),
    Transform(({ value }: { value: unknown }) => splitIncludeList(value)),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(maxSize),
    ArrayDistinct(maxSize),
    IsIn(relations, eachItem(maxSize, { message: `each value in $property must be one of: ${relations.join(', ')}` })),
  );
}

/** `'a,b'` and `['a', 'b,c']` become lists of names; anything else is left for the validators to reject. */
export function splitIncludeList(value: unknown): unknown {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.flatMap((item: string) => item.split(','));
  }
  return value;
}
