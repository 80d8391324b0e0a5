import { ProviderError } from '../../model/provider-error.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { streamAnswer, type AnswerAttempt } from '../http/answer-stream.ts';
import { plainText } from '../http/body-text.ts';
import { failedStream } from '../failed-stream.ts';
import type { Provider, StreamRequest } from '../../model/provider.ts';
import type { StreamPart } from '../../model/stream-part.ts';
import { aivvmDefaultModel, aivvmDefaultSystemPrompt, aivvmDefaultTemperature, aivvmModels, type AivvmModel } from './aivvm-models.ts';
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
  function chatbotUiAnswer(request: StreamRequest, model: AivvmModel): AnswerAttempt<string> {
    const body = JSON.stringify(requestBody(request, model));
    return {
      open: (signal) =>
        transport
          .send(providerId, {
            url: `${config.baseUrl}/api/chat`,
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream', origin: config.baseUrl, referer: `${config.baseUrl}/` },
            body,
            signal,
          })
          .catch((error: unknown) => {
            throw classifyChatbotUiError(error);
          }),
      read: plainText,
      decode: answerText,
    };
  }

  return {
    id: providerId,
    checkReachable: (signal) => transport.probe(providerId, `${config.baseUrl}/`, {}, signal),
    listModels: async () => aivvmModels.map((model) => modelInfo(providerId, model.id, model.tokenLimit)),
    knowsModel: (model) => aivvmModels.some((entry) => entry.id === model),
    stream(request) {
      const model = aivvmModels.find((entry) => entry.id === (request.model === '' ? aivvmDefaultModel : request.model));
      if (model === undefined) {
        // the original client refused unknown models before sending anything; so do we
        return failedStream(new ProviderError({ provider: providerId, kind: 'unknown-model', message: `aivvm has no model "${request.model}"; it offers ${aivvmModels.map((entry) => entry.id).join(', ')}` }));
      }
      const attempt = chatbotUiAnswer(request, model);
      return streamAnswer(transport, providerId, request.signal, () => attempt);
    },
  };
}

/** The bare text is the answer; its end, the body's end (chatbot-ui sends no reason). */
async function* answerText(pieces: AsyncIterable<string>): AsyncGenerator<StreamPart> {
  for await (const text of pieces) yield { type: 'text-delta', text };
  yield { type: 'finish', reason: 'stop' };
}

function requestBody(request: StreamRequest, model: AivvmModel): Record<string, unknown> {
  const system = request.messages.filter((message) => message.role === 'system').map((message) => contentText(message.content));
  return {
    // the whole model object, as chatbot-ui's client sends it: its server trims by tokenLimit
    model: { id: model.id, name: model.name, maxLength: model.maxLength, tokenLimit: model.tokenLimit },
    messages: request.messages.filter((message) => message.role !== 'system').map((message) => ({ role: message.role, content: contentText(message.content) })),
    key: '',
    prompt: system.length > 0 ? system.join('\n\n') : aivvmDefaultSystemPrompt,
    temperature: request.temperature ?? aivvmDefaultTemperature,
  };
}
