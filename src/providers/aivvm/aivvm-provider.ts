import { ProviderError } from '../errors.ts';
import { decodeBody } from '../http/body-stream.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { withRetries } from '../http/with-retries.ts';
import { probe } from '../http/probe.ts';
import { failedStream } from '../failed-stream.ts';
import type { Provider, StreamPart, StreamRequest } from '../types.ts';
import { aivvmDefaultModel, aivvmDefaultSystemPrompt, aivvmDefaultTemperature, aivvmModels } from './aivvm-models.ts';
import { modelInfo } from '../model-id.ts';

/** Settings of the aivvm provider. */
export interface AivvmProviderConfig {
  /** chatbot-ui's origin, e.g. `https://chat.aivvm.com`. */
  baseUrl: string;
}

const providerId = 'aivvm';

/**
 * aivvm's chatbot-ui: one `POST /api/chat` whose answer is plain UTF-8 text streamed in
 * arbitrary pieces, decoded as one stream; the answer ends when the body ends.
 */
export function createAivvmProvider(config: AivvmProviderConfig, transport: HttpTransport): Provider {
  async function* attempt(request: StreamRequest, body: string): AsyncGenerator<StreamPart> {
    const watchdog = transport.watchdog(providerId, request.signal);
    try {
      watchdog.startFirstToken();
      const response = await transport.send(providerId, {
        url: `${config.baseUrl}/api/chat`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', origin: config.baseUrl, referer: `${config.baseUrl}/` },
        body,
        signal: watchdog.signal,
      });
      for await (const text of decodeBody(transport, providerId, response, watchdog)) {
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
    kind: 'aivvm',
    checkReachable: (signal) => probe(transport, providerId, `${config.baseUrl}/`, {}, signal),
    listModels: async () => aivvmModels.map((model) => modelInfo(providerId, model.id, model.contextTokens)),
    knowsModel: (model) => aivvmModels.some((entry) => entry.id === model),
    stream(request) {
      const model = aivvmModels.find((entry) => entry.id === (request.model === '' ? aivvmDefaultModel : request.model));
      if (model === undefined) {
        // the original client refused unknown models before sending anything; so do we
        return failedStream(new ProviderError({ provider: providerId, kind: 'unknown-model', message: `aivvm has no model "${request.model}"; it offers ${aivvmModels.map((entry) => entry.id).join(', ')}` }));
      }
      const system = request.messages.filter((message) => message.role === 'system').map((message) => message.content);
      const body = JSON.stringify({
        model: { id: model.id, name: model.name },
        messages: request.messages.filter((message) => message.role !== 'system').map((message) => ({ role: message.role, content: message.content })),
        key: '',
        prompt: system.length > 0 ? system.join('\n\n') : aivvmDefaultSystemPrompt,
        temperature: request.temperature ?? aivvmDefaultTemperature,
      });
      return withRetries(transport, request.signal, () => attempt(request, body));
    },
  };
}
