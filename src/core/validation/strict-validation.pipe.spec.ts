import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { IdParamsDto } from '../../common/dto';
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
