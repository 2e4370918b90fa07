import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';

type MetadataTarget = Type | ((...args: never[]) => unknown);

/** Memoised answers per target chain; `found` distinguishes a cached undefined from a miss. */
interface TargetNode {
  readonly next: WeakMap<MetadataTarget, TargetNode>;
  found: boolean;
  value: unknown;
}

function emptyNode(): TargetNode {
  return { next: new WeakMap(), found: false, value: undefined };
}

/**
 * `getAllAndOverride` answered once per metadata key and (handler, class) pair. Route metadata is
 * written by decorators when the classes are defined and never changes afterwards, yet the
 * throttler guard reads six keys through `Reflect.getMetadata` on both targets on every request
 * (about 1 % of the CPU of a GET by id, docs/performance.md).
 */
export class MemoizingReflector extends Reflector {
  private readonly byKey = new Map<unknown, TargetNode>();

  // The type parameter mirrors the generic signature of the Reflector method this overrides.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  override getAllAndOverride<TResult>(metadataKey: unknown, targets: MetadataTarget[]): TResult {
    let node = this.byKey.get(metadataKey);
    if (node === undefined) {
      node = emptyNode();
      this.byKey.set(metadataKey, node);
    }
    for (const target of targets) node = childOf(node, target);
    if (!node.found) {
      node.value = super.getAllAndOverride<TResult>(metadataKey, targets);
      node.found = true;
    }
    return node.value as TResult;
  }
}

function childOf(node: TargetNode, target: MetadataTarget): TargetNode {
  let child = node.next.get(target);
  if (child === undefined) {
    child = emptyNode();
    node.next.set(target, child);
  }
  return child;
}

/** @nestjs/throttler's guard, unchanged except that its route metadata lookups are memoised. */
@Injectable()
export class StaticMetadataThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
  ) {
    super(options, storage, new MemoizingReflector());
  }
}
