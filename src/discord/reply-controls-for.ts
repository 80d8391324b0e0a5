import type { Catalog } from '../i18n/catalog.ts';
import { answerControls, type ReplyControls } from './answer-controls.ts';
import type { BotContext } from './bot-context.ts';

/** How long a listing may take before an answer starts without the model select. */
const listingWaitMs = 1000;

/**
 * The controls of an answer by `modelId`: Stop; then Regenerate (when `regenerate`) and a select
 * of the other models the providers list now (cached listings; one that does not answer within
 * a second is left out of the select rather than delay the answer).
 */
export async function replyControlsFor(context: Pick<BotContext, 'models'>, catalog: Catalog, modelId: string, regenerate: boolean): Promise<ReplyControls> {
  if (!regenerate) return answerControls(catalog, { regenerate });
  const known = await context.models.knownModelIds(AbortSignal.timeout(listingWaitMs));
  return answerControls(catalog, { regenerate, otherModels: known.filter((id) => id !== modelId) });
}
