import { UnknownModelError, type ProviderRegistry, type ResolvedModel } from '../providers/registry.ts';
import { resolveModel, type EffectiveModel } from '../conversation/resolve-model.ts';
import { unknownModelReason, type UnknownModelReason } from '../i18n/unknown-model-reason.ts';

/** Context assumed when a provider cannot say (its listing failed). */
const fallbackContextTokens = 8192;

/** What the lookup reads: the providers, each channel's and server's default and the bot's. */
export interface ModelLookupOptions {
  registry: ProviderRegistry;
  /** The server's default model (`/model set`), if it has one. */
  serverDefault(guildId: string): Promise<string | undefined>;
  /** A channel's default model (`/model set scope:channel`), if it has one; without it channels have none. */
  channelDefault?(channelId: string): Promise<string | undefined>;
  /** `DEFAULT_MODEL`, if set. */
  globalDefault: string | undefined;
}

/** Which model answers where, and what it can take: every trigger asks this one place. */
export class ModelLookup {
  readonly #options: ModelLookupOptions;

  constructor(options: ModelLookupOptions) {
    this.#options = options;
  }

  /**
   * The effective model id for a place: explicit option > thread > channel default > server
   * default > global. `channelId` is the channel whose default applies (for a thread, its parent
   * channel); channels are read only in servers.
   */
  async effective(place: { option?: string | null; threadModel?: string | undefined; channelId?: string | null; guildId?: string | null }): Promise<EffectiveModel | undefined> {
    const inServer = place.guildId != null;
    return resolveModel({
      option: place.option ?? undefined,
      thread: place.threadModel,
      channel: !inServer || place.channelId == null ? undefined : await this.#options.channelDefault?.(place.channelId),
      server: place.guildId == null ? undefined : await this.#options.serverDefault(place.guildId),
      global: this.#options.globalDefault,
    });
  }

  /**
   * Resolves an id to its provider, or returns why it cannot be used (as data, for each
   * language to word). Discovery endpoints are asked for their list (cached) within `waitMs`,
   * so an interaction can still be answered within Discord's 3 seconds; past that the upstream
   * has the last word.
   */
  async resolve(modelId: string, waitMs = 1000): Promise<ResolvedModel | UnknownModel> {
    try {
      return await this.#options.registry.resolveKnown(modelId, AbortSignal.timeout(waitMs));
    } catch (error) {
      if (error instanceof UnknownModelError) return { unknown: modelId, reason: unknownModelReason(modelId, this.#options.registry.providers) };
      throw error;
    }
  }

  /** How many tokens of context the model takes, per its provider's listing. */
  async contextTokens(resolved: ResolvedModel): Promise<number> {
    const models = await resolved.provider.listModels().catch(() => []);
    return models.find((model) => model.model === resolved.model)?.contextTokens ?? fallbackContextTokens;
  }

  /** The ids of every model the providers list now (cached listings; unreachable ones list none). */
  async knownModelIds(signal?: AbortSignal): Promise<string[]> {
    const listings = await this.#options.registry.listModels(signal).catch(() => []);
    return listings.flatMap((listing) => listing.models.map((model) => model.id));
  }
}

/** A model id no configured provider can answer with, and why. */
export interface UnknownModel {
  unknown: string;
  reason: UnknownModelReason;
}

/** Whether `resolve` refused the id. */
export function isUnknownModel(value: ResolvedModel | UnknownModel): value is UnknownModel {
  return 'unknown' in value;
}
