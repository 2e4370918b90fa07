import { Transform } from 'class-transformer';

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The text PostgreSQL returns for a `numeric(p, scale)` value: no leading zeros, exactly `scale`
 * fraction digits, no negative zero. Anything else (not a string, an exponent, more fraction
 * digits than `scale`) is returned unchanged for the validators to reject, never rounded.
 */
export function canonicalDecimal(value: unknown, scale: number): unknown {
  if (typeof value !== 'string') return value;
  const parts = PLAIN_DECIMAL.exec(value);
  const [, sign = '', integer = '', fraction = ''] = parts ?? [];
  if (!parts || fraction.length > scale) return value;
  const digits = integer.replace(/^0+(?=\d)/, '');
  const paddedFraction = fraction.padEnd(scale, '0');
  const isZero = /^0*$/.test(digits + paddedFraction);
  return `${isZero ? '' : sign}${digits}${scale > 0 ? `.${paddedFraction}` : ''}`;
}

/**
 * For decimal strings bound for a `numeric` column: the response to a write then shows the same
 * text as every later read (`12.5` is answered as `12.50` at once). Pair with `@Matches(pattern)`.
 */
export function CanonicalDecimal(scale: number): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => canonicalDecimal(value, scale));
}
