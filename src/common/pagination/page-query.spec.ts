import type { Type } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { RequestValidationError } from '../../core/errors/request-validation.error';
import { StrictValidationPipe } from '../../core/validation/strict-validation.pipe';
import { MemoizedValidation } from '../validation';
import { CursorPosition, encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor-page';
import { PageQuery } from './page-query';
import { type SortValue, sortValues } from './sort';

const SORTS = sortValues(['createdAt', 'title'] as const);
type Sort = SortValue<'createdAt' | 'title'>;

class ListThingsQuery extends PageQuery(SORTS, '-createdAt') {
  @IsOptional()
  @IsString()
  tag?: string;
}

@MemoizedValidation()
class MemoizedListThingsQuery extends ListThingsQuery {}

const ID = '0190a5b0-0000-7000-8000-000000000001';
const pipe = new StrictValidationPipe();

async function outcome(metatype: Type, value: unknown): Promise<{ accepted?: object; rejected?: unknown }> {
  try {
    return { accepted: { ...((await pipe.transform(value, { type: 'query', metatype, data: undefined })) as object) } };
  } catch (error) {
    return { rejected: error instanceof RequestValidationError ? error.fieldErrors : error };
  }
}

describe(PageQuery.name, () => {
  it('keeps the sort values as the type of `sort`', () => {
    const query = new ListThingsQuery();
    const sort: Sort = query.sort;
    // @ts-expect-error a value outside the listing's sorts
    query.sort = 'name';

    expect(sort).toBe('-createdAt');
  });

  it('defaults limit and sort, in the order the members are declared', async () => {
    expect(await outcome(ListThingsQuery, {})).toEqual({
      accepted: { limit: DEFAULT_PAGE_SIZE, sort: '-createdAt', cursor: undefined, tag: undefined },
    });
  });

  it('decodes a cursor issued with the same sort', async () => {
    const cursor = encodeCursor(new CursorPosition('title', '2026-01-01T00:00:00.000Z', ID));

    const { accepted } = await outcome(ListThingsQuery, { sort: 'title', cursor, limit: '3' });

    expect(accepted).toMatchObject({ limit: 3, sort: 'title', cursor: { sort: 'title' } });
  });

  it.each([
    ['a limit below 1', { limit: '0' }, 'limit'],
    ['a limit above the maximum', { limit: String(MAX_PAGE_SIZE + 1) }, 'limit'],
    ['a limit that is no integer', { limit: 'ten' }, 'limit'],
    ["a sort outside the listing's", { sort: 'name' }, 'sort'],
    ['an undecodable cursor', { cursor: 'garbage' }, 'cursor'],
    ['a cursor of another sort', { cursor: encodeCursor(new CursorPosition('title', null, ID)) }, 'cursor'],
  ])('rejects %s at its member', async (_case, query, member) => {
    const { rejected } = await outcome(ListThingsQuery, query);
    const pointers = (rejected as readonly { pointer: string }[]).map((error) => error.pointer);

    expect(new Set(pointers)).toEqual(new Set([`/${member}`]));
  });

  it('decides as the memoized subclass does, repeats included', async () => {
    const queries = [{}, { limit: '5' }, { limit: '5', tag: 'news' }, { sort: 'name' }, { limit: '0' }, { other: '1' }];
    for (const query of [...queries, ...queries]) {
      expect(await outcome(MemoizedListThingsQuery, query)).toEqual(await outcome(ListThingsQuery, query));
    }
  });
});
