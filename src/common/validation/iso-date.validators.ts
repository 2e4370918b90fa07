import { ValidateBy, type ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A real calendar date written `YYYY-MM-DD`, from year 0001: PostgreSQL rejects year 0000 and
 * 2026-02-30 with an error (a 500 if it got there), and a `date` column should not silently
 * accept a timestamp and drop its time.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parts = ISO_DATE.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; setUTCFullYear keeps years below 100 literal.
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return day <= lastDay.getUTCDate();
}

/**
 * An ISO-8601 timestamp with an explicit offset (`Z` or `±hh:mm`) and at most millisecond
 * precision, what a `timestamptz(3)` column and a JavaScript Date hold. Without an offset the
 * database's session time zone would decide what the client meant.
 */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parts = ISO_TIMESTAMP.exec(value);
  return parts !== null && isIsoDate(parts[1]) && !Number.isNaN(Date.parse(value));
}

/** For `date` columns; the property stays a `YYYY-MM-DD` string, which is what TypeORM reads back. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: { validate: isIsoDate, defaultMessage: () => 'must be a calendar date written YYYY-MM-DD' },
    },
    options,
  );
}

/** For `timestamptz` columns; convert with `new Date(value)` in the service. */
export function IsIsoTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoTimestamp',
      validator: {
        validate: isIsoTimestamp,
        defaultMessage: () => 'must be an ISO-8601 timestamp with a time zone, e.g. 2026-01-31T12:00:00.000Z',
      },
    },
    options,
  );
}
