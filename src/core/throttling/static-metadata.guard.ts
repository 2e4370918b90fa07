import { type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';

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

/** What one throttler does on a route whose limits are plain numbers: everything but `skipIf`. */
interface ThrottlerPlan {
  readonly skip: boolean;
  readonly skipIf: ThrottlerOptions['skipIf'];
  readonly request: Omit<ThrottlerRequest, 'context'>;
}

/** A route whose limit, ttl or block duration depends on the request gets no plan. */
const NO_PLAN = null;

type RoutePlans = readonly ThrottlerPlan[] | typeof NO_PLAN;

/** A route's handler and controller class, as Nest's execution context names them. */
type RouteTargets = [ReturnType<ExecutionContext['getHandler']>, ReturnType<ExecutionContext['getClass']>];

/**
 * @nestjs/throttler's guard with its per-route decisions made once. Its `canActivate` reads six
 * metadata keys per throttler and awaits the limit, ttl and block duration on every request, even
 * when they are plain numbers, as they are on every route here (docs/performance.md). Where all of
 * them are numbers, the resolved values are kept per route and the library's own `handleRequest`
 * counts, sets the headers and throws the 429; anywhere else, or when a subclass overrides
 * `shouldSkip`, the library's `canActivate` runs.
 */
@Injectable()
export class StaticMetadataThrottlerGuard extends ThrottlerGuard {
  private readonly plans = new WeakMap<object, WeakMap<object, RoutePlans>>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
  ) {
    super(options, storage, new MemoizingReflector());
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const plans = this.plansOf(context.getHandler(), context.getClass());
    if (plans === NO_PLAN) return super.canActivate(context);
    let allowed = true;
    for (const plan of plans) {
      if (plan.skip || plan.skipIf?.(context)) continue;
      if (!(await this.handleRequest({ context, ...plan.request }))) allowed = false;
    }
    return allowed;
  }

  private plansOf(handler: RouteTargets[0], classRef: RouteTargets[1]): RoutePlans {
    let byClass = this.plans.get(handler);
    if (byClass === undefined) {
      byClass = new WeakMap();
      this.plans.set(handler, byClass);
    }
    let plans = byClass.get(classRef);
    if (plans === undefined) {
      const ownSkipRule = this.shouldSkip !== StaticMetadataThrottlerGuard.prototype.shouldSkip;
      plans = ownSkipRule ? NO_PLAN : this.planRoute([handler, classRef]);
      byClass.set(classRef, plans);
    }
    return plans;
  }

  /** The same lookups and fallbacks, in the same order, as the library's `canActivate`. */
  private planRoute(targets: RouteTargets): RoutePlans {
    const { getTracker, generateKey, skipIf } = this.commonOptions;
    if (getTracker === undefined || generateKey === undefined) return NO_PLAN;
    const plans: ThrottlerPlan[] = [];
    for (const throttler of this.throttlers) {
      const routeValue = (key: string): unknown =>
        this.reflector.getAllAndOverride<unknown>(`${key}${String(throttler.name)}`, targets);
      const ttl = staticNumber(routeValue(THROTTLER_TTL) ?? throttler.ttl);
      const limit = staticNumber(routeValue(THROTTLER_LIMIT) ?? throttler.limit);
      if (ttl === undefined || limit === undefined) return NO_PLAN;
      const blockDuration = staticNumber(routeValue(THROTTLER_BLOCK_DURATION) ?? throttler.blockDuration ?? ttl);
      if (blockDuration === undefined) return NO_PLAN;
      const routeTracker = routeValue(THROTTLER_TRACKER) as ThrottlerGetTrackerFunction | undefined;
      const routeKeyGenerator = routeValue(THROTTLER_KEY_GENERATOR) as ThrottlerGenerateKeyFunction | undefined;
      plans.push({
        skip: Boolean(routeValue(THROTTLER_SKIP)),
        skipIf: throttler.skipIf ?? skipIf,
        request: {
          throttler,
          limit,
          ttl,
          blockDuration,
          getTracker: routeTracker ?? throttler.getTracker ?? getTracker,
          generateKey: routeKeyGenerator ?? throttler.generateKey ?? generateKey,
        },
      });
    }
    return plans;
  }
}

/** The number the library's `toNumber` would make of a value that is not a function; undefined otherwise. */
function staticNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && !Number.isNaN(number) ? number : undefined;
}
