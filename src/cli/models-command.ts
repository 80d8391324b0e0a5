import type { ProviderRegistry } from '../providers/registry.ts';
import { describeFailure } from './describe-failure.ts';
import { exitCodes } from './usage-error.ts';
import type { CommandIo } from './ask-command.ts';

/**
 * `cordial models`: one model id per line (id first, then its context size), and on stderr
 * each provider whose models could not be listed. Exit 1 only when no provider answered.
 */
export async function runModels(registry: ProviderRegistry, io: CommandIo): Promise<number> {
  const listings = await registry.listModels(io.signal);
  for (const listing of listings) {
    for (const model of listing.models) io.output.write(`${model.id}\t${model.contextTokens} tokens\n`);
    if (listing.error !== undefined) io.errors.write(`warning: ${describeFailure(listing.error)}\n`);
  }
  const anyListed = listings.some((listing) => listing.models.length > 0);
  return anyListed || listings.length === 0 ? exitCodes.success : exitCodes.providerFailure;
}
