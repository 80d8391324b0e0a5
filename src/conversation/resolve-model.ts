/**
 * Which model answers: the `/ask` model option, else the thread's model (a conversation keeps
 * the model it started with), else the channel's default, else the server's, else the global
 * `DEFAULT_MODEL`.
 */

/** Where the effective model came from, for `/model show` and logs. */
export type ModelSource = 'option' | 'thread' | 'channel' | 'server' | 'global';

/** The candidates, highest priority first. Absent, `null` and blank values are skipped. */
export interface ModelCandidates {
  /** The `model` option the user typed. */
  option?: string | null;
  /** The model the current bot thread started with. */
  thread?: string | null;
  /** The channel's default (`/model set scope:channel`); for a thread, its parent channel's. */
  channel?: string | null;
  /** The server's default (`/model set`). */
  server?: string | null;
  /** The bot's configured default (`DEFAULT_MODEL`), which may be unset. */
  global?: string | null;
}

/** The model to use and why. */
export interface EffectiveModel {
  /** The model id, trimmed; not checked against the configured providers. */
  modelId: string;
  /** Which candidate it came from. */
  source: ModelSource;
}

const ORDER = ['option', 'thread', 'channel', 'server', 'global'] as const;

/**
 * Picks the first given candidate in priority order (see `ModelCandidates`); `undefined` when
 * there is none, which the bot answers with "no model is configured".
 */
export function resolveModel(candidates: ModelCandidates): EffectiveModel | undefined {
  for (const source of ORDER) {
    const value = candidates[source]?.trim();
    if (value) return { modelId: value, source };
  }
  return undefined;
}
