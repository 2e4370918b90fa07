import type { Type } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { IdParamsDto } from '../../common/dto';
import { ArrayDistinct, eachItem, MemoizedValidation, QueryInteger } from '../../common/validation';
import { MAX_LISTED_FIELD_ERRORS } from '../errors/problem-details';
import { RequestValidationError } from '../errors/request-validation.error';
import { StrictValidationPipe } from './strict-validation.pipe';

const pipe = new StrictValidationPipe();
const asParams = { type: 'param', metatype: IdParamsDto, data: undefined } as const;

async function outcome(value: unknown): Promise<unknown> {
  try {
    return await pipe.transform(value, asParams);
  } catch (error) {
    return error instanceof RequestValidationError ? error.fieldErrors : error;
  }
}

/** The same pipe without IdParamsDto's fast path: what the decorators alone decide. */
class DecoratorsOnlyIdParams extends IdParamsDto {
  static override acceptIfValid(): undefined {
    return undefined;
  }
}

async function decoratorsOutcome(value: unknown): Promise<unknown> {
  try {
    const result = await pipe.transform(value, { ...asParams, metatype: DecoratorsOnlyIdParams });
    return Object.assign(new IdParamsDto(), result);
  } catch (error) {
    return error instanceof RequestValidationError ? error.fieldErrors : error;
  }
}

describe('StrictValidationPipe fast path (IdParamsDto)', () => {
  it('accepts a uuid as an IdParamsDto instance', async () => {
    const id = randomUUID();

    const params = await pipe.transform({ id }, asParams);

    expect(params).toBeInstanceOf(IdParamsDto);
    expect(params).toEqual({ id });
  });

  it('leaves rejection to the decorators, so errors keep their pointer and wording', async () => {
    expect(await outcome({ id: 'not-a-uuid' })).toEqual([{ pointer: '/id', detail: 'id must be a UUID' }]);
    expect(await outcome({ id: randomUUID(), extra: '1' })).toEqual([
      { pointer: '/extra', detail: 'property extra should not exist' },
    ]);
  });

  it('decides exactly as the decorators do, for any id', async () => {
    const ids = fc.oneof(
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.string(),
      fc.stringMatching(/^[0-9a-fA-F-]{30,40}$/),
      fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    );
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        expect(await outcome({ id })).toEqual(await decoratorsOutcome({ id }));
      }),
    );
  });
});

const checkedTags: string[] = [];

/** A pure validator that records what it was asked, to count the validation passes. */
function CountedTag(): PropertyDecorator {
  return ValidateBy({
    name: 'countedTag',
    validator: {
      validate: (value: unknown) => {
        checkedTags.push(String(value));
        return typeof value === 'string' && /^[a-z]+$/.test(value);
      },
      defaultMessage: () => 'tag must be lowercase letters',
    },
  });
}

class PageQuery {
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @IsOptional()
  @CountedTag()
  tag?: string;
}

@MemoizedValidation()
class MemoizedPageQuery extends PageQuery {}

/** Builds a nested object from the query: a handler could change it, so it is never remembered. */
@MemoizedValidation()
class WindowQuery {
  @Transform(({ value }: { value: unknown }) => ({ from: String(value) }))
  @IsObject()
  window!: { from: string };

  @IsOptional()
  @CountedTag()
  tag?: string;
}

describe('StrictValidationPipe with @MemoizedValidation()', () => {
  const asQuery = { type: 'query', data: undefined } as const;

  interface QueryOutcome {
    readonly accepted?: Record<string, unknown>;
    readonly rejected?: unknown;
  }

  /** What the pipe decided, with an accepted DTO as its own properties (classes differ between twins). */
  async function queryOutcome(metatype: Type, value: unknown): Promise<QueryOutcome> {
    try {
      const accepted = (await pipe.transform(value, { ...asQuery, metatype })) as object;
      return { accepted: { ...accepted } };
    } catch (error) {
      return { rejected: error instanceof RequestValidationError ? error.fieldErrors : error };
    }
  }

  beforeEach(() => {
    checkedTags.length = 0;
  });

  it('validates a repeated query once and answers with a new, equal instance', async () => {
    const first = await pipe.transform({ limit: '5', tag: 'news' }, { ...asQuery, metatype: MemoizedPageQuery });
    const second = await pipe.transform({ limit: '5', tag: 'news' }, { ...asQuery, metatype: MemoizedPageQuery });

    expect(second).toBeInstanceOf(MemoizedPageQuery);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(checkedTags).toEqual(['news']);
  });

  it('decides every query as the same DTO without the memo does, repeats included', async () => {
    const queries = [
      {},
      { limit: '5' },
      { limit: '5', tag: 'news' },
      { limit: '0' },
      { limit: 'ten' },
      { tag: 'News' },
      { limit: '5', extra: '1' },
      { limit: ['5', '6'] },
      { tag: 'news', limit: '5' },
    ];
    for (const query of [...queries, ...queries]) {
      expect(await queryOutcome(MemoizedPageQuery, query)).toEqual(await queryOutcome(PageQuery, query));
    }
  });

  it('validates a rejected query again every time', async () => {
    await queryOutcome(MemoizedPageQuery, { tag: 'News' });
    await queryOutcome(MemoizedPageQuery, { tag: 'News' });

    expect(checkedTags).toEqual(['News', 'News']);
  });

  it('keeps what a handler does to one answer out of the next', async () => {
    const first = (await pipe.transform({ limit: '7' }, { ...asQuery, metatype: MemoizedPageQuery })) as PageQuery;
    first.limit = 99;
    const second = (await pipe.transform({ limit: '7' }, { ...asQuery, metatype: MemoizedPageQuery })) as PageQuery;

    expect(second.limit).toBe(7);
  });

  it('does not remember a DTO holding an object', async () => {
    await pipe.transform({ window: 'today', tag: 'news' }, { ...asQuery, metatype: WindowQuery });
    await pipe.transform({ window: 'today', tag: 'news' }, { ...asQuery, metatype: WindowQuery });

    expect(checkedTags).toEqual(['news', 'news']);
  });

  it('validates every time without the decorator', async () => {
    await pipe.transform({ tag: 'news' }, { ...asQuery, metatype: PageQuery });
    await pipe.transform({ tag: 'news' }, { ...asQuery, metatype: PageQuery });

    expect(checkedTags).toEqual(['news', 'news']);
  });
});

class Listing {
  @IsString()
  title!: string;

  @IsArray()
  @ArrayMaxSize(3)
  @ArrayDistinct(3)
  @IsString(eachItem(3))
  tags!: string[];
}

/** A cap that only holds for drafts: a reduced value that passes proves nothing about the whole one. */
class Draftable {
  @IsBoolean()
  draft!: boolean;

  @IsArray()
  @ArrayMaxSize(2, { validateIf: (object: Draftable) => object.draft })
  items!: number[];
}

describe('StrictValidationPipe on hostile bodies', () => {
  const asBody = (metatype: Type) => ({ type: 'body', metatype, data: undefined }) as const;

  async function rejection(metatype: Type, value: unknown): Promise<RequestValidationError> {
    try {
      await pipe.transform(value, asBody(metatype));
    } catch (error) {
      if (error instanceof RequestValidationError) return error;
      throw error;
    }
    throw new Error('expected the value to be rejected');
  }

  function withUnknownMembers(count: number): Record<string, unknown> {
    const value: Record<string, unknown> = { title: 't', tags: ['a'] };
    for (let index = 0; index < count; index++) value[`x${index}`] = { nested: index };
    return value;
  }

  it('lists the first unknown members and counts the rest', async () => {
    const error = await rejection(Listing, withUnknownMembers(60_000));

    expect(error.fieldErrors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(error.fieldErrors[0]).toEqual({ pointer: '/x0', detail: 'property x0 should not exist' });
    expect(error.errorsOmitted).toBe(60_000 - MAX_LISTED_FIELD_ERRORS);
  });

  it('reports a few unknown members exactly as before', async () => {
    const error = await rejection(Listing, withUnknownMembers(2));

    expect(error.fieldErrors).toEqual([
      { pointer: '/x0', detail: 'property x0 should not exist' },
      { pointer: '/x1', detail: 'property x1 should not exist' },
    ]);
    expect(error.errorsOmitted).toBe(0);
  });

  it('refuses 100 000 tags for their number alone', async () => {
    const tags = Array.from({ length: 100_000 }, (_, index) => (index % 2 === 0 ? index : 'same'));

    const error = await rejection(Listing, { title: 't', tags });

    expect(error.fieldErrors).toEqual([{ pointer: '/tags', detail: 'tags must contain no more than 3 elements' }]);
    expect(tags).toHaveLength(100_000);
  });

  it('still reports every rule broken by an array within its cap', async () => {
    const error = await rejection(Listing, { title: 't', tags: ['a', 'a', 1] });

    expect(error.fieldErrors.map((fieldError) => fieldError.detail).sort()).toEqual([
      "All tags's elements must be unique",
      'each value in tags must be a string',
    ]);
  });

  it('validates the whole value when the cut one passes, so nothing is lost', async () => {
    const items = [1, 2, 3, 4, 5];

    const accepted = (await pipe.transform({ draft: false, items }, asBody(Draftable))) as Draftable;

    expect(accepted).toBeInstanceOf(Draftable);
    expect(accepted.items).toEqual(items);
    await expect(rejection(Draftable, { draft: true, items })).resolves.toMatchObject({
      fieldErrors: [{ pointer: '/items', detail: 'items must contain no more than 2 elements' }],
    });
  });
});
