import { QueryFailedError } from 'typeorm';

/** The SQLSTATEs a repository turns into domain errors; every other failure stays what it is. */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
/**
 * What PostgreSQL reports, instead of 23503, when a DELETE hits a foreign key declared
 * `ON DELETE RESTRICT` (ON DELETE NO ACTION reports 23503).
 */
export const RESTRICT_VIOLATION = '23001';

type ConstraintSqlState = typeof UNIQUE_VIOLATION | typeof FOREIGN_KEY_VIOLATION | typeof RESTRICT_VIOLATION;

/**
 * The name of the constraint `error` violated, if it is a PostgreSQL error of that SQLSTATE.
 * Repositories name their constraints in the entity and match on the name, so a violation is
 * reported by the rule that caught it instead of a SELECT beforehand, which would race.
 */
export function violatedConstraint(error: unknown, sqlState: ConstraintSqlState): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown };
  if (driverError.code !== sqlState || typeof driverError.constraint !== 'string') return undefined;
  return driverError.constraint;
}
