import type { ProviderConfig } from '../config/provider-config.ts';
import { createAivvmProvider } from './aivvm/aivvm-provider.ts';
import { ProviderError } from '../model/provider-error.ts';
import { createH2oProvider } from './h2o/h2o-provider.ts';
import { HttpTransport, type HttpTransportOptions } from './http/http-transport.ts';
import { createOpenAICompatibleProvider } from './openai/openai-provider.ts';
import { parseModelId } from '../model/model-id.ts';
import type { ModelInfo, Provider } from '../model/provider.ts';

/** A model id the user gave that no configured provider offers: a user mistake, not a failure. */
export class UnknownModelError extends Error {
  /** The id as given. */
  readonly modelId: string;

  constructor(modelId: string, message: string) {
    super(message);
    this.name = 'UnknownModelError';
    this.modelId = modelId;
  }
}

/** A model id resolved to its provider. */
export interface ResolvedModel {
  /** The provider serving it. */
  provider: Provider;
  /** The id within that provider. */
  model: string;
  /** The full `provider/model` id. */
  id: string;
}

/** One provider's models, or why they could not be listed. */
export interface ProviderModels {
  /** The provider. */
  provider: Provider;
  /** Its models (empty when listing failed). */
  models: ModelInfo[];
  /** Why listing failed, when it did (the provider is then shown as unreachable). */
  error?: ProviderError;
}

/** Every configured provider, and model-id resolution over them. */
export interface ProviderRegistry {
  /** Providers in configured order. */
  readonly providers: readonly Provider[];
  /**
   * Resolves `provider/model`. Throws UnknownModelError, without contacting any upstream, when
   * the id is malformed, names no configured provider, or is missing from a static model list.
   */
  resolve(modelId: string): ResolvedModel;
  /**
   * Like `resolve`, and for providers that discover their models (`GET /models`) it first
   * fetches the list, so an unknown model is refused before any answer is requested. When the
   * list cannot be fetched the id is accepted and the upstream has the last word.
   */
  resolveKnown(modelId: string, signal?: AbortSignal): Promise<ResolvedModel>;
  /** Lists every provider's models; a provider that fails is reported, not thrown. */
  listModels(signal?: AbortSignal): Promise<ProviderModels[]>;
  /** Closes the shared connection pool. */
  close(): Promise<void>;
}

/** Builds every enabled provider over one shared HTTP transport. */
export function createProviderRegistry(config: ProviderConfig, transportOptions: Omit<HttpTransportOptions, 'config'> = {}): ProviderRegistry {
  const secrets = config.openaiCompatible.map((endpoint) => endpoint.apiKey).filter((key) => key !== '');
  const transport = new HttpTransport({ config: config.http, secrets, ...transportOptions });
  const defaults = config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens };
  const providers = config.enabled.map((id): Provider => {
    if (id === 'h2o' && config.h2o !== undefined) return createH2oProvider(config.h2o, transport, defaults);
    if (id === 'aivvm' && config.aivvm !== undefined) return createAivvmProvider(config.aivvm, transport);
    const endpoint = config.openaiCompatible.find((candidate) => candidate.id === id);
    if (endpoint === undefined) throw new Error(`provider "${id}" is enabled but not configured`);
    return createOpenAICompatibleProvider(endpoint, transport, defaults);
  });

  return {
    providers,
    resolve(modelId) {
      const parsed = parseModelId(modelId);
      if (!parsed.ok) throw new UnknownModelError(modelId, parsed.error.message);
      const { provider: providerId, model, id } = parsed.value;
      const provider = providers.find((candidate) => candidate.id === providerId);
      if (provider === undefined) {
        throw new UnknownModelError(modelId, `no provider "${providerId}" is configured (configured: ${providers.map((candidate) => candidate.id).join(', ') || 'none'})`);
      }
      if (provider.knowsModel(model) === false) {
        throw new UnknownModelError(modelId, `${providerId} has no model "${model}"`);
      }
      return { provider, model, id };
    },
    async resolveKnown(modelId, signal) {
      const resolved = this.resolve(modelId);
      if (resolved.provider.knowsModel(resolved.model) !== undefined) return resolved;
      await resolved.provider.listModels(signal).catch(() => undefined);
      return this.resolve(modelId);
    },
    async listModels(signal) {
      return Promise.all(
        providers.map(async (provider): Promise<ProviderModels> => {
          try {
            return { provider, models: await provider.listModels(signal) };
          } catch (error) {
            const providerError = error instanceof ProviderError ? error : new ProviderError({ provider: provider.id, kind: 'upstream', message: String(error), cause: error });
            return { provider, models: [], error: providerError };
          }
        }),
      );
    },
    close: () => transport.close(),
  };
}
