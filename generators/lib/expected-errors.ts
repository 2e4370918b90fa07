import { ChangeSetConflictError } from './change-set';
import { FieldSpecError } from './field-spec';
import { GeneratorInputError } from './generator';
import { ModuleNameError } from './names';
import { RegistryShapeError } from './registry';

/** A command line the CLI cannot use (missing values, too many arguments): exit 1 like any invalid input. */
export class UsageError extends Error {}

const EXPECTED_ERRORS = [
  FieldSpecError,
  ModuleNameError,
  ChangeSetConflictError,
  RegistryShapeError,
  GeneratorInputError,
  UsageError,
];

/**
 * Input the user can fix (exit 1, the message alone) as opposed to a bug (exit 3, the stack). Both
 * entry points (generators/cli.ts and plop's CLI through the change-set action) decide the same way.
 */
export function isExpectedError(error: unknown): error is Error {
  return (
    EXPECTED_ERRORS.some((type) => error instanceof type) ||
    (error instanceof Error && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true)
  );
}
