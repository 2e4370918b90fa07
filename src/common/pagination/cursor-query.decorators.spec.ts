import { plainToInstance } from 'class-transformer';
import { IsIn, validate } from 'class-validator';
import { CursorPosition, encodeCursor } from './cursor';
import { IsCursor, QueryCursor } from './cursor-query.decorators';

class Query {
  @IsIn(['name', '-name'])
  sort = 'name';

  @QueryCursor()
  @IsCursor('sort')
  cursor?: unknown;
}

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';

function queryFrom(plain: Record<string, string>): Query {
  return plainToInstance(Query, plain);
}

describe(IsCursor.name, () => {
  it('decodes a cursor issued for the same sort', async () => {
    const query = queryFrom({ sort: '-name', cursor: encodeCursor(new CursorPosition('-name', null, ID)) });

    await expect(validate(query)).resolves.toHaveLength(0);
    expect(query.cursor).toEqual(new CursorPosition('-name', null, ID));
  });

  it('rejects a cursor issued for another sort', async () => {
    const query = queryFrom({ sort: 'name', cursor: encodeCursor(new CursorPosition('-name', null, ID)) });

    await expect(validate(query)).resolves.toHaveLength(1);
  });

  it('rejects an undecodable cursor', async () => {
    await expect(validate(queryFrom({ cursor: 'garbage!' }))).resolves.toHaveLength(1);
  });
});
