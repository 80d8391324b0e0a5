/**
 * Whether a bot process (or, under the sharding manager, the whole host) may be sent traffic:
 * every gateway shard it runs is ready and the store answers. `/readyz` serves the report.
 */
import type { Clock } from '../model/clock.ts';
import { gatewayStateOf, type GatewaySample, type GatewayState } from './gateway-state.ts';

/** Whether the store answered a cheap query; `unknown` when nobody could ask (the child did not answer). */
export type StoreState = 'ok' | 'unreachable' | 'unknown';

/** One shard in the readiness report. */
export interface ShardReadiness {
  /** The shard id. */
  shard: number;
  /** Its gateway connection. */
  gateway: GatewayState;
  /** The store, as the process running the shard reaches it. */
  store: StoreState;
}

/** What `/readyz` answers with, as JSON. */
export interface ReadinessReport {
  /** Every shard this process or host runs, or should run. */
  shards: ShardReadiness[];
}

/** How long the store may take to answer the readiness query by default, in ms: Kubernetes probes give up after 1 s. */
export const DEFAULT_STORE_CHECK_TIMEOUT_MS = 500;

/** Ready when there is at least one shard and each has its gateway ready and its store answering. */
export function isReady(report: ReadinessReport): boolean {
  return report.shards.length > 0 && report.shards.every((shard) => shard.gateway === 'ready' && shard.store === 'ok');
}

/** Settings of `checkReadiness`. */
export interface ReadinessCheck {
  /** The gateway shards of this process now (`gatewaySamples(client)`). */
  gateway: () => readonly GatewaySample[];
  /** A cheap store query; any settled value counts as an answer, a rejection as unreachable. */
  pingStore: () => Promise<unknown>;
  /** How long the query may take before the store counts as unreachable, in ms. Default `DEFAULT_STORE_CHECK_TIMEOUT_MS`. */
  storeTimeoutMs?: number;
  /** The timer of that deadline. */
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
}

/** This process's readiness: its shards' gateway states, each with the store's one answer. Never rejects. */
export async function checkReadiness(check: ReadinessCheck): Promise<ReadinessReport> {
  const store = await storeState(check);
  return { shards: check.gateway().map((sample) => ({ shard: sample.shard, gateway: gatewayStateOf(sample.status), store })) };
}

async function storeState(check: ReadinessCheck): Promise<StoreState> {
  let timer: unknown;
  // a store that hangs must not hang the probe: past the deadline it is unreachable
  const deadline = new Promise<StoreState>((resolve) => (timer = check.clock.setTimeout(() => resolve('unreachable'), check.storeTimeoutMs ?? DEFAULT_STORE_CHECK_TIMEOUT_MS)));
  const answer = Promise.resolve()
    .then(check.pingStore)
    .then(
      (): StoreState => 'ok',
      (): StoreState => 'unreachable',
    );
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    check.clock.clearTimeout(timer);
  }
}
