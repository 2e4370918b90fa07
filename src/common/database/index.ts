export { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, violatedConstraint } from './constraint-violation';
