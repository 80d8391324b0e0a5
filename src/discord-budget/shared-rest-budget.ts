import { budgetedMakeRequest, DEFAULT_REST_REQUESTS_PER_SECOND, THREAD_CREATION_WAIT_MS, type RestBudget } from './request-budget.ts';
import { SharedWriteGate, type SharedWriteGateOptions } from './shared-write-gate.ts';

/** Options of `createSharedRestBudget`: the write gate's, with a rate of requests. */
export type SharedRestBudgetOptions = Omit<SharedWriteGateOptions, 'writesPerSecond' | 'dropBunchedSlots' | 'promoteUpdatesAfterMs'> & {
  /**
   * Bot-token requests per second of every process together. Default 45
   * (`DEFAULT_REST_REQUESTS_PER_SECOND`): under Discord's 50, as requests reach Discord some time
   * after their slot, not exactly on it.
   */
  requestsPerSecond?: number;
};

/**
 * Keeps every process's bot-token requests together under Discord's global limit (50 per second
 * per bot, shared by all processes): each one first takes a slot of a budget in Redis (evenly
 * spaced, on Redis's clock), then goes out (see `budgetedMakeRequest`). The slot script's two
 * classes order them across processes: a thread creation in one process only takes a slot that
 * no other request of any process has reserved, until it has waited `THREAD_CREATION_WAIT_MS`.
 */
export function createSharedRestBudget(options: SharedRestBudgetOptions): RestBudget {
  const { requestsPerSecond = DEFAULT_REST_REQUESTS_PER_SECOND, ...gateOptions } = options;
  const gate = new SharedWriteGate({
    ...gateOptions,
    writesPerSecond: requestsPerSecond,
    // Discord counts every second: a stalled process must not send its overdue slots at once
    dropBunchedSlots: true,
    promoteUpdatesAfterMs: THREAD_CREATION_WAIT_MS,
  });
  return { makeRequest: budgetedMakeRequest(gate), close: () => gate.close() };
}
