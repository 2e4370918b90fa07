import { Transform } from 'class-transformer';

const INTEGER_PATTERN = /^-?\d+$/;

/**
 * Environment values arrive as strings. Conversions here are strict on purpose: `'1e3'`, `' 12 '`
 * or `'yes'` stay invalid instead of being coerced into something the operator did not write.
 */
export function EnvInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && INTEGER_PATTERN.test(value) ? Number(value) : value,
  );
}

export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    return value;
  });
}

export function EnvList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : value,
  );
}
