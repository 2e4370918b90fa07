/**
 * A request DTO that can recognise its valid values by itself, much more cheaply than a
 * class-transformer + class-validator pass (a single uuid route parameter: one regex instead of
 * a whole metadata walk on every `/:id` request; docs/performance.md, optimisation 1). It only ever accepts: anything it does
 * not return an instance for goes through the full validation, which reports the errors, so the
 * error responses stay exactly those of the decorators.
 */
export interface FastPathDto<T> {
  acceptIfValid(value: unknown): T | undefined;
}

export function hasFastPath(type: unknown): type is FastPathDto<unknown> {
  return typeof type === 'function' && typeof (type as Partial<FastPathDto<unknown>>).acceptIfValid === 'function';
}
