import { UnknownModelError, type ResolvedModel } from '../providers/registry.ts';
import { resolveModel, type EffectiveModel } from '../conversation/resolve-model.ts';
import type { BotContext } from './bot-context.ts';

/** Context assumed when a provider cannot say (its listing failed). */
const fallbackContextTokens = 8192;

/** The effective model id for a place: explicit option > thread > server default > global. */
export function effectiveModel(context: BotContext, place: { option?: string | null; threadModel?: string; guildId?: string | null }): EffectiveModel | undefined {
  return resolveModel({
    option: place.option ?? undefined,
    thread: place.threadModel,
    server: place.guildId == null ? undefined : context.store.getGuildDefaultModel(place.guildId),
    global: context.config.defaultModel,
  });
}

/**
 * Resolves an id to its provider, or returns the user-facing reason it cannot be used.
 * Discovery endpoints are asked for their list (cached) within `waitMs`, so the interaction
 * can still be answered within Discord's 3 seconds; past that the upstream has the last word.
 */
export async function resolveOrExplain(context: BotContext, modelId: string, waitMs = 1000): Promise<ResolvedModel | UnknownModelError> {
  try {
    return await context.registry.resolveKnown(modelId, AbortSignal.timeout(waitMs));
  } catch (error) {
    if (error instanceof UnknownModelError) return error;
    throw error;
  }
}

/** How many tokens of context the model takes, per its provider's listing. */
export async function contextTokensOf(resolved: ResolvedModel): Promise<number> {
  const models = await resolved.provider.listModels().catch(() => []);
  return models.find((model) => model.model === resolved.model)?.contextTokens ?? fallbackContextTokens;
}
