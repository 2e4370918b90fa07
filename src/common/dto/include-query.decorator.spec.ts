import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { IncludeQuery, splitIncludeList } from './include-query.decorator';

class Query {
  @IncludeQuery(['topics', 'comments'])
  include?: string[];
}

async function errorsFor(plain: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(Query, plain));
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(IncludeQuery.name, () => {
  it('accepts allowed names, comma-separated or repeated', async () => {
    await expect(errorsFor({ include: 'topics,comments' })).resolves.toEqual([]);
    await expect(errorsFor({ include: ['topics', 'comments'] })).resolves.toEqual([]);
    await expect(errorsFor({})).resolves.toEqual([]);
    expect(plainToInstance(Query, { include: 'topics' }).include).toEqual(['topics']);
  });

  it('rejects a name off the allow-list and says which are allowed', async () => {
    await expect(errorsFor({ include: 'topics,secrets' })).resolves.toEqual([
      'each value in include must be one of: topics, comments',
    ]);
  });

  it('rejects an empty name, a name given twice, and more names than exist', async () => {
    await expect(errorsFor({ include: '' })).resolves.not.toEqual([]);
    await expect(errorsFor({ include: 'topics,topics' })).resolves.toContain("All include's elements must be unique");
    await expect(errorsFor({ include: 'topics,comments,topics' })).resolves.toContain(
      'include must contain no more than 2 elements',
    );
  });

  it('answers a huge list with the size error alone, without checking each item', async () => {
    const errors = await errorsFor({ include: Array.from({ length: 50_000 }, () => 'x').join(',') });

    expect(errors).toEqual(['include must contain no more than 2 elements']);
  });

  it('leaves anything but strings for the validators to reject', async () => {
    expect(splitIncludeList(7)).toBe(7);
    expect(splitIncludeList([1, 'a'])).toEqual([1, 'a']);
    await expect(errorsFor({ include: { topics: true } })).resolves.not.toEqual([]);
  });
});
