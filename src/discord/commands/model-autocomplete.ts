import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../bot-context.ts';

/** Discord shows at most 25 choices, each at most 100 characters. */
const maxChoices = 25;
const maxChoiceLength = 100;

/**
 * Suggests configured models for any `model` option: ids containing what was typed first
 * (prefix matches before others). Listing failures just leave that provider out; the answer
 * must arrive within 3 s, so slow discovery endpoints are cut off at 2 s.
 */
export async function autocompleteModel(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = interaction.options.getFocused().toLowerCase().trim();
  const listings = await context.registry.listModels(AbortSignal.timeout(2000));
  const ids = listings.flatMap((listing) => listing.models.map((model) => model.id)).filter((id) => id.length <= maxChoiceLength);
  const matches = ids
    .filter((id) => id.toLowerCase().includes(typed))
    .sort((left, right) => Number(!left.toLowerCase().startsWith(typed)) - Number(!right.toLowerCase().startsWith(typed)));
  await interaction.respond(matches.slice(0, maxChoices).map((id) => ({ name: id, value: id })));
}
