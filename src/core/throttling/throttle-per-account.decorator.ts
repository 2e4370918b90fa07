import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** The named throttler limiting attempts per account, beside `default` (per client address). */
export const ACCOUNT_THROTTLER = 'account';

/** The account a request body names (a normalised email, say), or undefined when it names none. */
export type AccountOfBody = (body: unknown) => string | undefined;

const ACCOUNT_OF_BODY = Symbol('throttle:accountOfBody');

/**
 * Adds a budget per account to the route's budget per address: credential guessing spread over
 * many addresses still meets THROTTLE_ACCOUNT_LIMIT. A body naming no account (it fails validation
 * next) counts against the address only.
 */
export function ThrottlePerAccount(accountOf: AccountOfBody): MethodDecorator {
  return SetMetadata(ACCOUNT_OF_BODY, accountOf);
}

/**
 * The tracker of the `account` throttler: a hash of the account the body names (the Redis key then
 * holds no email address), or undefined on routes without @ThrottlePerAccount.
 */
export function accountTracker(context: ExecutionContext): string | undefined {
  const accountOf = Reflect.getMetadata(ACCOUNT_OF_BODY, context.getHandler()) as AccountOfBody | undefined;
  const account = accountOf?.(context.switchToHttp().getRequest<{ body?: unknown }>().body);
  return account === undefined ? undefined : createHash('sha256').update(account).digest('base64url');
}
