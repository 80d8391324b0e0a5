import type { ProviderRegistry } from '../providers/registry.ts';
import { ProviderError } from '../model/provider-error.ts';
import type { Provider } from '../model/provider.ts';
import { describeFailure } from './describe-failure.ts';
import { exitCodes } from './usage-error.ts';
import type { CommandIo } from './ask-command.ts';

/**
 * `cordial models`: one model id per line (id first, then its context size), and on stderr
 * each provider that did not answer. Exit 1 only when no provider answered.
 *
 * A provider with a static model list (h2o, aivvm, an endpoint with `<ID>_MODELS`) lists its
 * models without a request, so it is probed (`checkReachable`) as `/model list` in Discord
 * does; an endpoint that discovers its models has answered, or not, by listing them.
 */
export async function runModels(registry: ProviderRegistry, io: CommandIo): Promise<number> {
  // asked before listing: once listed, a discovering provider knows its models too
  const staticLists = new Set(registry.providers.filter(hasStaticModelList));
  const [listings, probes] = await Promise.all([
    registry.listModels(io.signal),
    Promise.all(registry.providers.map((provider) => (staticLists.has(provider) ? reachability(provider, io.signal) : undefined))),
  ]);
  let answered = 0;
  listings.forEach((listing, index) => {
    for (const model of listing.models) io.output.write(`${model.id}\t${model.contextTokens} tokens\n`);
    const failure = listing.error ?? probes[index];
    if (failure === undefined) answered += 1;
    else io.errors.write(`warning: ${describeFailure(failure)}${listing.models.length > 0 ? ' (its models are listed above as configured)' : ''}\n`);
  });
  return answered > 0 || listings.length === 0 ? exitCodes.success : exitCodes.providerFailure;
}

/** Whether the provider knows its models without asking the upstream (see `Provider.knowsModel`). */
function hasStaticModelList(provider: Provider): boolean {
  return provider.knowsModel('') !== undefined;
}

/** Why the provider is unreachable, or undefined when it answered. */
async function reachability(provider: Provider, signal: AbortSignal): Promise<ProviderError | undefined> {
  try {
    await provider.checkReachable(signal);
    return undefined;
  } catch (error) {
    return error instanceof ProviderError ? error : new ProviderError({ provider: provider.id, kind: 'unavailable', message: String(error), cause: error });
  }
}
