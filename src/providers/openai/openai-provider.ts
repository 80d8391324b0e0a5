import type { OpenAICompatibleConfig } from '../../config/provider-config.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { streamAnswer, type AnswerAttempt } from '../http/answer-stream.ts';
import { serverSentEvents, type streamDone } from '../http/event-stream.ts';
import type { AnswerDefaults } from '../answer-defaults.ts';
import type { ModelInfo, Provider, StreamRequest } from '../../model/provider.ts';
import { chatCompletionEvents, type ChatCompletionChunk, type StreamError } from './chat-completion-chunk.ts';
import { chatCompletionParts } from './decode-chunks.ts';
import { fetchModelIds } from './model-list.ts';
import { modelInfo } from '../../model/model-id.ts';
import { openAIContent } from './content.ts';

/** How long a model list fetched from `GET /models` is trusted. */
const modelListTtlMs = 5 * 60_000;

const readChunks = serverSentEvents(chatCompletionEvents);

/**
 * An OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio,
 * OpenRouter, Groq …): streamed over SSE, models from config or from `GET /models`.
 */
export function createOpenAICompatibleProvider(config: OpenAICompatibleConfig, transport: HttpTransport, defaults: AnswerDefaults = {}): Provider {
  let discovered: { ids: string[]; at: number } | undefined;
  const toInfo = (model: string): ModelInfo => modelInfo(config.id, model, config.contextTokens);
  const authorization: Record<string, string> = config.apiKey === '' ? {} : { authorization: `Bearer ${config.apiKey}` };

  async function listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    if (config.models.length > 0) return config.models.map(toInfo);
    if (discovered === undefined || Date.now() - discovered.at > modelListTtlMs) {
      discovered = { ids: await fetchModelIds(transport, config.id, `${config.baseUrl}/models`, authorization, signal), at: Date.now() };
    }
    return discovered.ids.map(toInfo);
  }

  function chatCompletion(request: StreamRequest): AnswerAttempt<ChatCompletionChunk | StreamError | typeof streamDone> {
    return {
      // encoded per attempt and not kept: with images the body is megabytes of base64, and
      // held here it would live until the answer ends (a retry, rare, encodes it again)
      open: (signal) =>
        transport.send(config.id, {
          url: `${config.baseUrl}/chat/completions`,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authorization },
          body: JSON.stringify(requestBody(request, defaults)),
          signal,
        }),
      read: readChunks,
      decode: (events, progress) => chatCompletionParts(config.id, events, progress, (text) => transport.redact(text)),
    };
  }

  return {
    id: config.id,
    listModels,
    checkReachable: (signal) => transport.probe(config.id, `${config.baseUrl}/models`, authorization, signal),
    knowsModel(model) {
      if (config.models.length > 0) return config.models.includes(model);
      return discovered?.ids.includes(model);
    },
    stream(request) {
      const attempt = chatCompletion(request);
      return streamAnswer(transport, config.id, request.signal, () => attempt);
    },
  };
}

function requestBody(request: StreamRequest, defaults: AnswerDefaults): Record<string, unknown> {
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  return {
    model: request.model,
    // `name` is left out: several compatible servers reject it; speakers are named in content
    messages: request.messages.map((message) => ({ role: message.role, content: openAIContent(message) })),
    stream: true,
    stream_options: { include_usage: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  };
}
