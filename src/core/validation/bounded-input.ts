import { getMetadataStorage } from 'class-validator';

/** What the pipe reads of a DTO's validation rules to bound the work on a hostile value. */
export interface InputShape {
  /** The properties with rules: any other member is unknown, and forbidden. */
  readonly properties: ReadonlySet<string>;
  /** The `@ArrayMaxSize` of each property that has one. */
  readonly arrayCaps: ReadonlyMap<string, number>;
  /** The properties with an `@IsArray` rule: the only query parameters that may be repeated. */
  readonly arrayProperties: ReadonlySet<string>;
}

const ARRAY_MAX_SIZE = 'arrayMaxSize';
const IS_ARRAY = 'isArray';
const shapes = new WeakMap<object, InputShape>();

/**
 * Read once per DTO, as class-validator's whitelist sees it: rules of the class and of its
 * ancestors, without validation groups (the pipe uses none).
 */
export function inputShapeOf(metatype: abstract new (...args: never[]) => unknown): InputShape {
  let shape = shapes.get(metatype);
  if (shape === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false);
    const arrayCaps = new Map<string, number>();
    const arrayProperties = new Set<string>();
    for (const metadata of metadatas) {
      if (metadata.name === IS_ARRAY && !metadata.each) arrayProperties.add(metadata.propertyName);
      // Typed as always present, but absent for rules without constraints.
      const constraints = metadata.constraints as unknown[] | undefined;
      const cap = constraints?.[0];
      if (metadata.name !== ARRAY_MAX_SIZE || metadata.each || typeof cap !== 'number') continue;
      arrayCaps.set(metadata.propertyName, Math.min(cap, arrayCaps.get(metadata.propertyName) ?? cap));
    }
    shape = { properties: new Set(metadatas.map((metadata) => metadata.propertyName)), arrayCaps, arrayProperties };
    shapes.set(metatype, shape);
  }
  return shape;
}

export interface BoundedInput {
  /** The value to validate: the given one when nothing had to be left out. */
  readonly value: Readonly<Record<string, unknown>>;
  readonly reduced: boolean;
  /** Unknown members left out: each would have been one more error. */
  readonly unknownLeftOut: number;
}

/**
 * Everything validation needs to decide on a hostile value, and no more. The generic pipe walks,
 * copies and checks every member and item before any rule runs (class-transformer even compares
 * every pair of member names of an object), so tens of thousands of unknown members or array items
 * in a 1 MiB body cost seconds of blocked event loop. Here:
 * - only the first `maxUnknown` unknown members are kept, each with `null` as its value (only its
 *   name is reported); the others are counted;
 * - an array longer than its property's `@ArrayMaxSize` keeps `cap + 1` items, still one too many.
 * Either way the value is refused, and for the rules of this codebase (per-item rules and
 * uniqueness skipped over the cap, see common/validation) with the same errors. The pipe checks
 * that a reduced value was refused, and otherwise validates the whole value.
 */
export function boundInput(
  value: Readonly<Record<string, unknown>>,
  shape: InputShape,
  maxUnknown: number,
): BoundedInput {
  const kept: [string, unknown][] = [];
  let unknown = 0;
  let reduced = false;
  // One pass, allocating only for what is kept: members can be counted in tens of thousands.
  for (const key of Object.keys(value)) {
    if (shape.properties.has(key)) {
      const member = value[key];
      const cap = shape.arrayCaps.get(key);
      const cut = cap !== undefined && Array.isArray(member) && member.length > cap + 1;
      kept.push([key, cut ? member.slice(0, cap + 1) : member]);
      reduced ||= cut;
    } else {
      if (unknown < maxUnknown) kept.push([key, null]);
      unknown++;
      reduced = true;
    }
  }
  if (!reduced) return { value, reduced, unknownLeftOut: 0 };
  // fromEntries defines own properties: a member named `__proto__` stays a member.
  return { value: Object.fromEntries(kept), reduced, unknownLeftOut: Math.max(0, unknown - maxUnknown) };
}

/**
 * Query parameters given more than once (Fastify parses `?limit=5&limit=6` into `['5', '6']`) that
 * are not lists. Validated as they are, such a value breaks every rule of its property at once
 * (not an integer, not ≥ 1, not ≤ 100), which hides the actual mistake.
 */
export function repeatedParameters(query: Readonly<Record<string, unknown>>, shape: InputShape): string[] {
  return Object.keys(query).filter(
    (key) => Array.isArray(query[key]) && shape.properties.has(key) && !shape.arrayProperties.has(key),
  );
}
