import { TransformOperationExecutor } from 'class-transformer/cjs/TransformOperationExecutor';

/** What `getKeys` reads of its executor (class-transformer 0.5, `TransformOperationExecutor`). */
interface KeysExecutor {
  readonly options: { readonly strategy?: string; readonly excludePrefixes?: readonly string[] };
  getKeys: (this: KeysExecutor, target: unknown, object: object, isMap: boolean) => string[];
}

const executor = TransformOperationExecutor.prototype as KeysExecutor;
const LINEAR = Symbol('linear-object-keys');

/**
 * class-transformer ends its list of the member names of each object it copies with
 * `keys.filter((key, index) => keys.indexOf(key) === index)`, which is quadratic: one object of
 * 60 000 members (a 1 MiB body can put it under any property, a string one included, since the
 * value is copied before any rule rejects it) blocked the event loop for ~9 s. For an object of no
 * class, which every nested JSON value is here (no `@Type`), under the default strategy and without
 * `excludePrefixes`, that list is `Object.keys(object)`, already free of duplicates: this returns
 * it directly, and leaves every other case to class-transformer. Installed once, by the pipe.
 */
export function installLinearObjectKeys(): void {
  const original = executor.getKeys;
  if (LINEAR in original) return;
  const getKeys: KeysExecutor['getKeys'] = function (target, object, isMap) {
    const { strategy, excludePrefixes } = this.options;
    const plain =
      target === undefined &&
      !isMap &&
      !(object instanceof Map) &&
      (strategy === undefined || strategy === 'exposeAll') &&
      (excludePrefixes === undefined || excludePrefixes.length === 0);
    return plain ? Object.keys(object) : original.call(this, target, object, isMap);
  };
  executor.getKeys = Object.assign(getKeys, { [LINEAR]: true });
}
