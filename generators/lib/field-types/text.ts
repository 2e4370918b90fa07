import { LIMITS } from './field-type';
import { type TextField, textualType } from './string';

export type { TextField } from './string';

/** `text(max)`: the string recipe on a `text` column; the OpenAPI contract spec checks varchar limits only. */
export const textType = textualType<TextField>(
  'text',
  () => ["type: 'text'"],
  { fallback: LIMITS.defaultTextLength, max: LIMITS.maxTextLength },
  false,
);
