/**
 * Test apps run with load shedding off: a test machine running suites in parallel has event-loop
 * delays a production pod would shed on, and a test that asserts a 400 must not get a 503 because
 * another suite was busy. The load-shedding tests turn it back on through their own `env`.
 */
export const LOAD_SHEDDING_OFF: Readonly<Record<string, string>> = {
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT: '0',
  OVERLOAD_MAX_HEAP_USED_PERCENT: '0',
  OVERLOAD_MAX_DB_POOL_WAITING: '0',
};
