export { withoutUnchanged } from './without-unchanged';
