import { ProviderError } from '../../model/provider-error.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { streamAnswer, type AnswerAttempt } from '../http/answer-stream.ts';
import { serverSentEvents } from '../http/event-stream.ts';
import { failedStream } from '../failed-stream.ts';
import type { AnswerDefaults } from '../answer-defaults.ts';
import type { ModelInfo, Provider, StreamRequest } from '../../model/provider.ts';
import { ChatUiSession } from './chat-ui-session.ts';
import { h2oContextTokens, h2oModels, maxNewTokensFor } from './h2o-models.ts';
import { tgiEvents, tgiParts, type TgiEvent } from './tgi-event.ts';
import { modelInfo } from '../../model/model-id.ts';

/** Settings of the h2o provider. */
export interface H2oProviderConfig {
  /** chat-ui's origin, e.g. `https://gpt-gm.h2o.ai`. */
  baseUrl: string;
}

const providerId = 'h2o';
const readTgiEvents = serverSentEvents(tgiEvents);

/**
 * h2o's Hugging Face chat-ui: each answer is a session of five requests sharing cookies —
 * GET / (cookie), POST /settings (accept the ethics modal, pick the model), POST /conversation,
 * POST /conversation/<id> (the TGI stream), and DELETE /conversation/<id>, also after failures.
 * All four before the stream are within the first-token deadline.
 */
export function createH2oProvider(config: H2oProviderConfig, transport: HttpTransport, defaults: AnswerDefaults = {}): Provider {
  const models: ModelInfo[] = Object.keys(h2oModels).map((model) => modelInfo(providerId, model, h2oContextTokens));
  // own keys only: `constructor` and the like are not models
  const upstreamModelOf = (model: string): string | undefined => (Object.hasOwn(h2oModels, model) ? h2oModels[model] : undefined);

  /** A new session for every attempt: a retry starts with a fresh cookie and conversation. */
  function chatUiAnswer(request: StreamRequest, upstreamModel: string): AnswerAttempt<TgiEvent> {
    const session = new ChatUiSession(config.baseUrl, transport);
    let conversationId: string | undefined;
    return {
      async open(signal) {
        await session.open(upstreamModel, signal);
        conversationId = await session.createConversation(upstreamModel, signal);
        return session.sendPrompt(conversationId, request, maxNewTokensFor(request.maxTokens, defaults.maxTokens), signal);
      },
      read: readTgiEvents,
      decode: (events) => tgiParts(providerId, events),
      close: async () => {
        if (conversationId !== undefined) await session.deleteConversation(conversationId);
      },
    };
  }

  return {
    id: providerId,
    checkReachable: (signal) => transport.probe(providerId, `${config.baseUrl}/`, {}, signal),
    listModels: async () => models,
    knowsModel: (model) => upstreamModelOf(model) !== undefined,
    stream(request) {
      const upstreamModel = upstreamModelOf(request.model);
      if (upstreamModel === undefined) return failedStream(unknownModel(request.model));
      return streamAnswer(transport, providerId, request.signal, () => chatUiAnswer(request, upstreamModel));
    },
  };
}

function unknownModel(model: string): ProviderError {
  return new ProviderError({ provider: providerId, kind: 'unknown-model', message: `h2o has no model "${model}"; it offers ${Object.keys(h2oModels).join(', ')}` });
}
