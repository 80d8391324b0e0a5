/**
 * Health and metrics under discord.js's ShardingManager: the children cannot all bind
 * HEALTH_PORT, so the manager serves it and asks each child over the IPC channel the manager
 * already has with it. A child answers with its registry as JSON and its shards' readiness;
 * the manager merges the registries (each child's series carry their own `shard` label, so
 * nothing is summed away) and reports a child that does not answer in time as not ready.
 */
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { systemClock, type Clock } from '../model/clock.ts';
import type { ReadinessReport, ShardReadiness } from './readiness.ts';

/** What the manager sends a child. */
export interface OperationsRequest {
  cordial: 'operations-request';
  /** Matches the reply to this request, as other messages share the channel. */
  id: string;
}

/** What a child sends back. */
export interface OperationsReply {
  cordial: 'operations-reply';
  id: string;
  /** `registry.getMetricsAsJSON()`; empty when the registry failed. */
  metrics: unknown[];
  /** The readiness of each shard the child runs; empty when the check failed. */
  ready: ShardReadiness[];
}

/** A child's end of the IPC channel: `process`. `send` is absent when the process was not forked. */
export interface ParentChannel {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  send?: ((message: unknown, sendHandle?: undefined, options?: undefined, callback?: (error: Error | null) => void) => boolean) | undefined;
}

/** What a child answers from. */
export interface ChildOperations {
  /** The child's registry (`createBotMetrics({ shardId }).registry`). */
  metrics: Registry;
  /** Its shards' readiness (`checkReadiness(…)`); should bound its own wait. */
  ready: () => Promise<ReadinessReport>;
}

/**
 * Child side: answers every operations request on `channel` (the child's `process`). Other
 * messages, discord.js's own among them, are left alone. Returns a function that stops
 * answering; without an IPC channel (not forked) it listens to nothing.
 */
export function answerMetricsRequests(channel: ParentChannel, operations: ChildOperations): () => void {
  if (channel.send === undefined) return () => undefined;
  const listener = (message: unknown): void => {
    if (!isRequest(message)) return;
    void replyTo(channel, message.id, operations);
  };
  channel.on('message', listener);
  return () => void channel.off('message', listener);
}

async function replyTo(channel: ParentChannel, id: string, operations: ChildOperations): Promise<void> {
  const [metrics, ready] = await Promise.allSettled([operations.metrics.getMetricsAsJSON(), operations.ready()]);
  const reply: OperationsReply = {
    cordial: 'operations-reply',
    id,
    metrics: metrics.status === 'fulfilled' ? metrics.value : [],
    ready: ready.status === 'fulfilled' ? ready.value.shards : [],
  };
  // the manager may be gone or going (a shutdown): its side times out, nothing to do here
  channel.send?.(reply, undefined, undefined, () => undefined);
}

/** A child as the manager sees it; discord.js's `Shard` is one. */
export interface ShardChannel {
  /** The shard id. */
  readonly id: number;
  /** Sends over IPC; rejects when the child is gone. */
  send(message: unknown): Promise<unknown>;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** What the manager serves: every child's metrics in one registry, and every shard's readiness. */
export interface ShardCollection {
  /** The merged registry: `metricsText(collection.metrics)` for `/metrics`. */
  metrics: Registry;
  /** One entry per shard, by shard id. */
  readiness: ReadinessReport;
}

/** Settings of `collectFromShards`. */
export interface CollectOptions {
  /** The timer of the deadline. Default real time. */
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Every shard the host should run (`manager.shardList`): one not among `shards` yet is `not-spawned`. */
  expectedShardIds?: readonly number[];
  /** Registries of the manager itself (`createManagerMetrics()`), merged with the children's. */
  local?: readonly Registry[];
}

/** How long the manager waits for its children by default, in ms: under a Kubernetes probe's 1 s. */
export const DEFAULT_COLLECT_TIMEOUT_MS = 800;

/**
 * Manager side: asks every shard at once and waits at most `timeoutMs` for each. A child that
 * does not answer in time, or whose process is gone, is `no-answer` and adds no metrics. Never
 * rejects on a child's account.
 */
export async function collectFromShards(shards: Iterable<ShardChannel>, timeoutMs: number, options: CollectOptions = {}): Promise<ShardCollection> {
  const clock = options.clock ?? systemClock;
  const children = [...shards];
  const [replies, local] = await Promise.all([
    Promise.all(children.map((shard) => ask(shard, timeoutMs, clock))),
    Promise.all((options.local ?? []).map((registry) => registry.getMetricsAsJSON())),
  ]);
  const answered = replies.filter((reply) => reply !== undefined);
  const readiness = children.flatMap((shard, index) => readinessOf(shard, replies[index]));
  const running = new Set(children.map((shard) => shard.id));
  for (const shard of options.expectedShardIds ?? []) {
    if (!running.has(shard)) readiness.push({ shard, gateway: 'not-spawned', store: 'unknown' });
  }
  readiness.sort((a, b) => a.shard - b.shard);
  return {
    metrics: AggregatorRegistry.aggregate([...local, ...answered.map((reply) => reply.metrics)]),
    readiness: { shards: readiness },
  };
}

function readinessOf(shard: ShardChannel, reply: OperationsReply | undefined): ShardReadiness[] {
  if (reply === undefined) return [{ shard: shard.id, gateway: 'no-answer', store: 'unknown' }];
  // a child whose check failed still answered: it runs, but nobody knows in what state
  return reply.ready.length > 0 ? reply.ready : [{ shard: shard.id, gateway: 'unknown', store: 'unknown' }];
}

function ask(shard: ShardChannel, timeoutMs: number, clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>): Promise<OperationsReply | undefined> {
  const request: OperationsRequest = { cordial: 'operations-request', id: randomUUID() };
  return new Promise((resolve) => {
    let settled = false;
    let timer: unknown;
    const finish = (reply: OperationsReply | undefined): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      shard.off('message', onMessage);
      resolve(reply);
    };
    const onMessage = (message: unknown): void => {
      if (isReplyTo(message, request.id)) finish(message);
    };
    shard.on('message', onMessage);
    timer = clock.setTimeout(() => finish(undefined), timeoutMs);
    // a dead child's send rejects (or throws): no need to wait out the deadline
    Promise.resolve()
      .then(() => shard.send(request))
      .catch(() => finish(undefined));
  });
}

function isRequest(message: unknown): message is OperationsRequest {
  return typeof message === 'object' && message !== null && (message as Partial<OperationsRequest>).cordial === 'operations-request' && typeof (message as Partial<OperationsRequest>).id === 'string';
}

function isReplyTo(message: unknown, id: string): message is OperationsReply {
  if (typeof message !== 'object' || message === null) return false;
  const reply = message as Partial<OperationsReply>;
  return reply.cordial === 'operations-reply' && reply.id === id && Array.isArray(reply.metrics) && Array.isArray(reply.ready);
}
