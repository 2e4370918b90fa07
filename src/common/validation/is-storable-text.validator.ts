import { ValidateBy, type ValidationOptions } from 'class-validator';

const NUL_CHARACTER = '\u0000';
/** With the `u` flag only unpaired surrogates are matched; a valid pair forms one astral code point. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * True for strings PostgreSQL can store unchanged. PostgreSQL rejects NUL in text (a 500 if it
 * reaches the database), and a lone UTF-16 surrogate cannot be encoded as UTF-8, so the driver
 * would silently store U+FFFD instead of what the client sent.
 */
export function isStorableText(value: unknown): boolean {
  return typeof value === 'string' && !value.includes(NUL_CHARACTER) && !LONE_SURROGATE.test(value);
}

/** Apply to every string field that reaches the database, alongside `@IsString()`. */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: isStorableText,
        defaultMessage: () => 'must not contain NUL characters or unpaired UTF-16 surrogates',
      },
    },
    options,
  );
}
