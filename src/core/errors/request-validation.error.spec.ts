import { ValidationError } from 'class-validator';
import { MAX_LISTED_FIELD_ERRORS } from './problem-details';
import { RequestValidationError } from './request-validation.error';

function validationError(
  property: string,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe(RequestValidationError.name, () => {
  it('points at nested properties and array items with JSON pointers', () => {
    const error = RequestValidationError.fromValidationErrors([
      validationError('title', { maxLength: 'title must be shorter than or equal to 200 characters' }),
      validationError('tags', {}, [validationError('3', { maxLength: 'each tag must be at most 40 characters' })]),
    ]);

    expect(error.fieldErrors).toEqual([
      { pointer: '/title', detail: 'title must be shorter than or equal to 200 characters' },
      { pointer: '/tags/3', detail: 'each tag must be at most 40 characters' },
    ]);
  });

  it('escapes "/" and "~" in property names as RFC 6901 requires', () => {
    const error = RequestValidationError.fromValidationErrors([validationError('a/b~c', { isDefined: 'missing' })]);

    expect(error.fieldErrors[0]?.pointer).toBe('/a~1b~0c');
  });

  it('lists the first MAX_LISTED_FIELD_ERRORS errors in order and counts the others', () => {
    const unknown = Array.from({ length: MAX_LISTED_FIELD_ERRORS + 30 }, (_, index) =>
      validationError(`x${index}`, { whitelistValidation: `property x${index} should not exist` }),
    );
    const title = validationError('title', { isString: 'title must be a string', codePointLength: 'too long' });

    const error = RequestValidationError.fromValidationErrors([...unknown, title]);

    expect(error.fieldErrors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(error.fieldErrors[0]).toEqual({ pointer: '/x0', detail: 'property x0 should not exist' });
    expect(error.fieldErrors.at(-1)?.pointer).toBe(`/x${MAX_LISTED_FIELD_ERRORS - 1}`);
    expect(error.errorsOmitted).toBe(30 + 2);
  });

  it('counts errors of nested properties past the cap without listing them', () => {
    const items = Array.from({ length: MAX_LISTED_FIELD_ERRORS + 5 }, (_, index) =>
      validationError(String(index), { isString: 'must be a string' }),
    );

    const error = RequestValidationError.fromValidationErrors([validationError('tags', {}, items)]);

    expect(error.fieldErrors.map((fieldError) => fieldError.pointer)).toEqual(
      Array.from({ length: MAX_LISTED_FIELD_ERRORS }, (_, index) => `/tags/${index}`),
    );
    expect(error.errorsOmitted).toBe(5);
  });

  it('caps errors given directly too, and adds omitted ones counted elsewhere', () => {
    const fieldErrors = Array.from({ length: MAX_LISTED_FIELD_ERRORS + 1 }, (_, index) => ({
      pointer: `/x${index}`,
      detail: 'property should not exist',
    }));

    const error = new RequestValidationError(fieldErrors).withOmitted(1_000);

    expect(error.fieldErrors).toHaveLength(MAX_LISTED_FIELD_ERRORS);
    expect(error.errorsOmitted).toBe(1_001);
    expect(error.message).toBe('The request contains invalid fields.');
  });

  it('omits nothing when every error fits', () => {
    const error = RequestValidationError.fromValidationErrors([validationError('title', { isString: 'no' })]);

    expect(error.errorsOmitted).toBe(0);
  });
});
