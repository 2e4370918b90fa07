import { type CustomTypesConfig, types } from 'pg';

type TypeParser = (value: string) => unknown;

const keepText: TypeParser = (value) => value;

/**
 * node-postgres turns a `date` into a JavaScript Date at local midnight, which serialises as a
 * timestamp shifted by the server's time zone. A calendar date has no time zone: keep PostgreSQL's
 * `YYYY-MM-DD` text. TypeORM would convert it back on SELECT, but not in INSERT … RETURNING (a
 * column with a default), so the parser is the one place that gets every path right.
 */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === types.builtins.DATE ? keepText : (types.getTypeParser(oid, format) as TypeParser),
};
