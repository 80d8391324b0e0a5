import { ProviderError } from '../../model/provider-error.ts';
import { decodeBody, refuseContentType } from '../http/body-stream.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { withRetries } from '../http/with-retries.ts';
import { probe } from '../http/probe.ts';
import { failedStream } from '../failed-stream.ts';
import type { Provider, StreamRequest } from '../../model/provider.ts';
import type { StreamPart } from '../../model/stream-part.ts';
import { aivvmDefaultModel, aivvmDefaultSystemPrompt, aivvmDefaultTemperature, aivvmModels } from './aivvm-models.ts';
import { modelInfo } from '../../model/model-id.ts';
import { classifyChatbotUiError } from './chatbot-ui-error.ts';
import { contentText } from '../../model/message-content.ts';

/** Settings of the aivvm provider. */
export interface AivvmProviderConfig {
  /** chatbot-ui's origin, e.g. `https://chat.aivvm.com`. */
  baseUrl: string;
}

const providerId = 'aivvm';

/**
 * aivvm's chatbot-ui: one `POST /api/chat` whose answer is plain UTF-8 text streamed in
 * arbitrary pieces, decoded as one stream; the answer ends when the body ends. There is no
 * answer-length field: chatbot-ui's body has none.
 */
export function createAivvmProvider(config: AivvmProviderConfig, transport: HttpTransport): Provider {
  async function* attempt(request: StreamRequest, body: string, firstTokenDeadline: number): AsyncGenerator<StreamPart> {
    const watchdog = transport.watchdog(providerId, request.signal, firstTokenDeadline);
    try {
      watchdog.startFirstToken();
      const response = await transport
        .send(providerId, {
          url: `${config.baseUrl}/api/chat`,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', origin: config.baseUrl, referer: `${config.baseUrl}/` },
          body,
          signal: watchdog.signal,
        })
        .catch((error: unknown) => {
          throw classifyChatbotUiError(error);
        });
      // chatbot-ui streams bare text with no type; a page (a Cloudflare challenge, a login) is not an answer
      await refuseContentType(transport, providerId, response, (type) => type === 'text/html', 'the answer text');
      for await (const text of decodeBody(transport, providerId, response, watchdog, transport.config.maxEventBytes)) {
        watchdog.tokenArrived();
        yield { type: 'text-delta', text };
      }
      yield { type: 'finish', reason: 'stop' };
    } finally {
      watchdog.dispose();
    }
  }

  return {
    id: providerId,
    checkReachable: (signal) => probe(transport, providerId, `${config.baseUrl}/`, {}, signal),
    listModels: async () => aivvmModels.map((model) => modelInfo(providerId, model.id, model.tokenLimit)),
    knowsModel: (model) => aivvmModels.some((entry) => entry.id === model),
    stream(request) {
      const model = aivvmModels.find((entry) => entry.id === (request.model === '' ? aivvmDefaultModel : request.model));
      if (model === undefined) {
        // the original client refused unknown models before sending anything; so do we
        return failedStream(new ProviderError({ provider: providerId, kind: 'unknown-model', message: `aivvm has no model "${request.model}"; it offers ${aivvmModels.map((entry) => entry.id).join(', ')}` }));
      }
      const system = request.messages.filter((message) => message.role === 'system').map((message) => contentText(message.content));
      const body = JSON.stringify({
        // the whole model object, as chatbot-ui's client sends it: its server trims by tokenLimit
        model: { id: model.id, name: model.name, maxLength: model.maxLength, tokenLimit: model.tokenLimit },
        messages: request.messages.filter((message) => message.role !== 'system').map((message) => ({ role: message.role, content: contentText(message.content) })),
        key: '',
        prompt: system.length > 0 ? system.join('\n\n') : aivvmDefaultSystemPrompt,
        temperature: request.temperature ?? aivvmDefaultTemperature,
      });
      return withRetries(transport, request.signal, (deadline) => attempt(request, body, deadline));
    },
  };
}
