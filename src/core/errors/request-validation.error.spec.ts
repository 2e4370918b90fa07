import { ValidationError } from 'class-validator';
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
});
