/** Largest value of a PostgreSQL `integer` column; larger input would fail in the database as a 500. */
export const POSTGRES_INTEGER_MAX = 2_147_483_647;
