type Primitive = string | number | boolean | bigint | null | undefined;
type Snapshot = readonly (readonly [string, Primitive])[];

/** Distinct queries remembered per DTO; the least recently used is forgotten first. */
const MAX_REMEMBERED = 256;
/** Longer queries are validated every time: clients cannot fill the memo with large keys. */
const MAX_KEY_LENGTH = 512;

const memos = new WeakMap<object, ValidationMemo>();

/**
 * Marks a DTO whose transformers and validators depend on nothing but the values they are given
 * (no clock, no database, no request): the same query then always yields the same DTO, so
 * StrictValidationPipe (core/validation) validates each distinct query once and answers repeats
 * from memory. The list query of a busy endpoint is the same few strings (`?limit=20`) on most
 * requests, and its class-transformer + class-validator pass was the largest per-request cost
 * raw Fastify does not have (docs/performance.md, optimisation 14). Only accepted values are remembered, and only when the DTO holds nothing
 * but primitives (a nested object could be changed by its handler); anything rejected goes through
 * the decorators every time, so error responses are theirs.
 */
export function MemoizedValidation(): ClassDecorator {
  return (target) => {
    memos.set(target, new ValidationMemo(target as unknown as new () => object));
  };
}

export function validationMemoOf(type: unknown): ValidationMemo | undefined {
  return typeof type === 'function' ? memos.get(type) : undefined;
}

export class ValidationMemo {
  private readonly remembered = new Map<string, Snapshot>();

  constructor(private readonly type: new () => object) {}

  /** The memo key of a parsed query (string or string-array values), or undefined when it has none. */
  keyOf(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null || !Object.values(value).every(isQueryValue)) return undefined;
    const key = JSON.stringify(value);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  }

  /** A new DTO equal to the one validation produced for this key, or undefined. */
  recall(key: string): object | undefined {
    const snapshot = this.remembered.get(key);
    if (snapshot === undefined) return undefined;
    this.remembered.delete(key);
    this.remembered.set(key, snapshot);
    return this.rebuild(snapshot);
  }

  remember(key: string, validated: unknown): void {
    if (!(validated instanceof this.type)) return;
    const entries = Object.entries(validated);
    if (!entries.every((entry): entry is [string, Primitive] => isPrimitive(entry[1]))) return;
    this.remembered.set(key, entries);
    if (this.remembered.size > MAX_REMEMBERED) {
      const [oldest] = this.remembered.keys();
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }

  /** As class-transformer builds it (the constructor runs), with exactly the validated own properties. */
  private rebuild(snapshot: Snapshot): object {
    const instance = new this.type() as Record<string, unknown>;
    const keys = new Set(snapshot.map(([key]) => key));
    for (const key of Object.keys(instance)) {
      if (!keys.has(key)) Reflect.deleteProperty(instance, key);
    }
    for (const [key, value] of snapshot) instance[key] = value;
    return instance;
  }
}

function isQueryValue(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isPrimitive(value: unknown): value is Primitive {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
