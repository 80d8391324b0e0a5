/**
 * A model backend in memory, on a ManualClock: it answers each stream request with the next
 * scripted text (a few characters every 100 ms, then a finish with usage) and keeps every
 * request, so a test can assert what the model was asked. `scriptedRegistry` resolves ids over
 * such providers the way the real registry does over static model lists.
 */
import { ProviderError } from '../../../src/model/provider-error.ts';
import type { ManualClock } from '../../../src/model/manual-clock.ts';
import { modelInfo, parseModelId } from '../../../src/model/model-id.ts';
import type { ModelInfo, Provider, StreamRequest } from '../../../src/model/provider.ts';
import type { StreamPart } from '../../../src/model/stream-part.ts';
import { UnknownModelError, type ProviderRegistry, type ResolvedModel } from '../../../src/providers/registry.ts';

/** The answer given when nothing is scripted. */
export const DEFAULT_ANSWER = 'Hello from the script.';

export class ScriptedProvider implements Provider {
  readonly id: string;
  /** Every stream request, in order. */
  readonly requests: StreamRequest[] = [];
  /** Answers still to give, in order. */
  readonly answers: string[] = [];
  /** How many times the models were listed. */
  listings = 0;
  /** Whether listing fails (an unreachable upstream). */
  listingFails = false;
  readonly #models: readonly string[];
  readonly #contextTokens: number;
  readonly #clock: ManualClock;

  constructor(options: { id: string; models: readonly string[]; contextTokens: number; clock: ManualClock }) {
    this.id = options.id;
    this.#models = options.models;
    this.#contextTokens = options.contextTokens;
    this.#clock = options.clock;
  }

  async listModels(): Promise<ModelInfo[]> {
    this.listings += 1;
    if (this.listingFails) throw new ProviderError({ provider: this.id, kind: 'unavailable', message: 'cannot reach the provider' });
    return this.#models.map((model) => modelInfo(this.id, model, this.#contextTokens));
  }

  knowsModel(model: string): boolean {
    return this.#models.includes(model);
  }

  async checkReachable(): Promise<void> {}

  stream(request: StreamRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    const text = this.answers.shift() ?? DEFAULT_ANSWER;
    const clock = this.#clock;
    return (async function* () {
      for (let start = 0; start < text.length; start += 40) {
        await clock.sleep(100);
        request.signal?.throwIfAborted();
        yield { type: 'text-delta', text: text.slice(start, start + 40) };
      }
      yield { type: 'finish', reason: 'stop', usage: { promptTokens: 12, completionTokens: Math.ceil(text.length / 4) } };
    })();
  }
}

/** A registry over `providers`, resolving ids against their static model lists. */
export function scriptedRegistry(providers: readonly Provider[]): ProviderRegistry & { resolutions: string[] } {
  const resolutions: string[] = [];
  const registry: ProviderRegistry & { resolutions: string[] } = {
    providers,
    resolutions,
    resolve(modelId): ResolvedModel {
      const parsed = parseModelId(modelId);
      if (!parsed.ok) throw new UnknownModelError(modelId, parsed.error.message);
      const provider = providers.find((candidate) => candidate.id === parsed.value.provider);
      if (provider === undefined || provider.knowsModel(parsed.value.model) === false) throw new UnknownModelError(modelId, `no model ${modelId}`);
      return { provider, model: parsed.value.model, id: parsed.value.id };
    },
    async resolveKnown(modelId) {
      resolutions.push(modelId);
      return registry.resolve(modelId);
    },
    async listModels() {
      return Promise.all(providers.map(async (provider) => ({ provider, models: await provider.listModels().catch(() => []) })));
    },
    close: async () => undefined,
  };
  return registry;
}
