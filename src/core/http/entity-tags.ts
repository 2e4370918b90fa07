import { POSTGRES_INTEGER_MAX } from '../../common/validation/postgres-limits';

/**
 * Entity tags (RFC 9110 §8.8.3) of versioned resources, and the two conditional headers that carry
 * them back (§13.1.1 If-Match, §13.1.2 If-None-Match). A resource's tag is its `version` in quotes:
 * strong, because equal versions are the same row and so the same bytes, and a client can derive
 * it from the body it already has. Decision 0102 explains the choices.
 */

/** One entity-tag of a conditional header: its opaque value without the quotes, and whether it was `W/`. */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** A conditional header's value: `*` (any current representation) or the tags it lists. */
export type EntityTagCondition = '*' | readonly EntityTag[];

/**
 * One element of `#entity-tag`: optional whitespace, an optional tag, optional whitespace, then a
 * comma or the end. Empty elements (`"1", , "2"`) are allowed by the list syntax (RFC 9110 §5.6.1).
 * `etagc` is `%x21 / %x23-7E / obs-text`: any visible ASCII but `"`, and bytes 0x80-0xFF.
 */
const LIST_ELEMENT = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(?:,|$)/y;

/** A version as PostgreSQL's integer column holds it: 1 to 2^31 - 1, decimal, no leading zero. */
const VERSION_TAG = /^[1-9][0-9]{0,9}$/;

/** The ETag of a resource at `version`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** Parses an If-Match or If-None-Match value; undefined when it is not `*` or a list of entity-tags. */
export function parseEntityTagCondition(value: string): EntityTagCondition | undefined {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let position = 0;
  while (position < value.length) {
    LIST_ELEMENT.lastIndex = position;
    const match = LIST_ELEMENT.exec(value);
    if (match === null || LIST_ELEMENT.lastIndex === position) return undefined;
    const [, weak, opaque] = match;
    if (opaque !== undefined) tags.push({ weak: weak !== undefined, opaque });
    position = LIST_ELEMENT.lastIndex;
  }
  return tags.length === 0 ? undefined : tags;
}

/**
 * If-None-Match uses the weak comparison: `W/"3"` matches `"3"`. True when the client's copy of the
 * resource at `version` is current, so a GET can answer 304.
 */
export function noneMatchFails(condition: EntityTagCondition, version: number): boolean {
  if (condition === '*') return true;
  const opaque = String(version);
  return condition.some((tag) => tag.opaque === opaque);
}

/**
 * The versions an If-Match condition accepts, or undefined for `*` (any current version: on a
 * resource that exists, no condition at all). If-Match uses the strong comparison, so a weak tag
 * never matches, nor does a tag this service never sends: such lists accept no version.
 */
export function versionsMatching(condition: EntityTagCondition): readonly number[] | undefined {
  if (condition === '*') return undefined;
  return condition
    .filter((tag) => !tag.weak && VERSION_TAG.test(tag.opaque))
    .map((tag) => Number(tag.opaque))
    .filter((version) => version <= POSTGRES_INTEGER_MAX);
}
