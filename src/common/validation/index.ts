export { CanonicalDecimal, canonicalDecimal } from './canonical-decimal.transformer';
export { CodePointLength, codePointLength, hasCodePointLength } from './code-point-length.validator';
export { IsIsoDate, IsIsoTimestamp, isIsoDate, isIsoTimestamp } from './iso-date.validators';
export { IsStorableJson, isStorableJson } from './is-storable-json.validator';
export { IsStorableText, isStorableText } from './is-storable-text.validator';
export { MemoizedValidation, ValidationMemo, validationMemoOf } from './memoized-validation';
export { OptionalNotNull } from './optional-not-null.decorator';
export { POSTGRES_INTEGER_MAX } from './postgres-limits';
export { QueryBoolean, QueryInteger, parseQueryBoolean, parseQueryInteger } from './query-value.transformers';
