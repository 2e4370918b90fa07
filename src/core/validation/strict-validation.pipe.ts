import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { validationMemoOf } from '../../common/validation';
import { MAX_LISTED_FIELD_ERRORS } from '../errors/problem-details';
import { fieldPointer, RequestValidationError } from '../errors/request-validation.error';
import { boundInput, inputShapeOf, repeatedParameters } from './bounded-input';
import { hasFastPath } from './fast-path';

/**
 * The one validation pipe of the application.
 * - Unknown properties are rejected, not silently stripped, so client typos surface.
 * - No implicit conversion: `'false'` must not become `true`, nor `'abc'` become NaN. Query and
 *   path values are converted by explicit decorators in the DTOs (see common/validation).
 * - A DTO-typed body must be a JSON object: arrays and scalars would otherwise skip validation.
 * - A DTO with a fast path (see FastPathDto) skips the generic pass for values it accepts.
 * - A @MemoizedValidation() DTO is validated once per distinct query it accepts.
 * - Work is bounded by the DTO, not by the value: unknown members past the number of errors a
 *   problem lists, and array items past one over their cap, are left out (see bounded-input.ts).
 * - A query parameter that is not a list and is given twice is reported as repeated, alone.
 * - A required member that is absent is reported as required, once (RequestValidationError).
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // The value lets RequestValidationError tell an absent member from an invalid one; it is
      // never rendered.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata) && !isPlainObject(value)) {
      throw new RequestValidationError([{ pointer: '', detail: 'The request body must be a JSON object.' }]);
    }
    if (hasFastPath(metadata.metatype)) {
      const accepted = metadata.metatype.acceptIfValid(value);
      if (accepted !== undefined) return accepted;
    }
    const memo = validationMemoOf(metadata.metatype);
    const key = memo?.keyOf(value);
    if (memo === undefined || key === undefined) return this.validateBounded(value, metadata);
    const recalled = memo.recall(key);
    if (recalled !== undefined) return recalled;
    const validated: unknown = await this.validateBounded(value, metadata);
    memo.remember(key, validated);
    return validated;
  }

  private async validateBounded(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metatype === undefined || !this.toValidate(metadata) || !isPlainObject(value)) {
      return super.transform(value, metadata);
    }
    const shape = inputShapeOf(metatype);
    if (metadata.type === 'query') {
      const repeated = repeatedParameters(value, shape);
      if (repeated.length > 0) throw await this.repeatedParametersError(value, metadata, repeated);
    }
    const bounded = boundInput(value, shape, MAX_LISTED_FIELD_ERRORS);
    if (!bounded.reduced) return super.transform(value, metadata);
    try {
      await super.transform(bounded.value, metadata);
    } catch (error) {
      throw error instanceof RequestValidationError ? error.withOmitted(bounded.unknownLeftOut) : error;
    }
    // Accepted although cut: a rule that did not run (a conditional cap). Only the whole value can tell.
    return super.transform(value, metadata);
  }

  /** "must not be repeated" for each repeated parameter, with the errors of the other parameters. */
  private async repeatedParametersError(
    query: Readonly<Record<string, unknown>>,
    metadata: ArgumentMetadata,
    repeated: readonly string[],
  ): Promise<RequestValidationError> {
    const pointers = new Set(repeated.map(fieldPointer));
    const errors = repeated.map((name) => ({ pointer: fieldPointer(name), detail: `${name} must not be repeated` }));
    // Validated without the repeated ones, whose errors (even "is required") would only repeat the point.
    const others = Object.fromEntries(Object.entries(query).filter(([name]) => !repeated.includes(name)));
    try {
      await this.validateBounded(others, metadata);
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      const otherErrors = error.fieldErrors.filter((fieldError) => !pointers.has(fieldError.pointer));
      return new RequestValidationError([...errors, ...otherErrors], error.errorsOmitted);
    }
    return new RequestValidationError(errors);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
