import type { OpenAICompatibleConfig } from '../../config/provider-config.ts';
import { ProviderError } from '../../model/provider-error.ts';
import { eventStream } from '../http/body-stream.ts';
import type { HttpTransport } from '../http/http-transport.ts';
import { withRetries } from '../http/with-retries.ts';
import { probe } from '../http/probe.ts';
import type { AnswerDefaults } from '../answer-defaults.ts';
import type { FinishReason, StreamPart, Usage } from '../../model/stream-part.ts';
import type { ModelInfo, Provider, StreamRequest } from '../../model/provider.ts';
import { parseChatCompletionChunk } from './chunk.ts';
import { fetchModelIds } from './model-list.ts';
import { modelInfo } from '../../model/model-id.ts';

/** How long a model list fetched from `GET /models` is trusted. */
const modelListTtlMs = 5 * 60_000;

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

  async function* attempt(request: StreamRequest, firstTokenDeadline: number): AsyncGenerator<StreamPart> {
    const watchdog = transport.watchdog(config.id, request.signal, firstTokenDeadline);
    try {
      watchdog.startFirstToken();
      const response = await transport.send(config.id, {
        url: `${config.baseUrl}/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authorization },
        body: JSON.stringify(requestBody(request, defaults)),
        signal: watchdog.signal,
      });
      let reason: FinishReason | undefined;
      let usage: Usage | undefined;
      let done = false;
      for await (const data of eventStream(transport, config.id, response, watchdog)) {
        if (data === '[DONE]') {
          done = true;
          break;
        }
        const chunk = parseChatCompletionChunk(config.id, data, transport);
        // reasoning is progress too, but it is not the answer: it is never yielded
        if (chunk.text !== '' || chunk.reasoning) watchdog.tokenArrived();
        if (chunk.text !== '') yield { type: 'text-delta', text: chunk.text };
        reason = chunk.finishReason ?? reason;
        usage = chunk.usage ?? usage;
      }
      // a usage chunk without a finish_reason still closes the answer (some servers do that)
      if (!done && reason === undefined && usage === undefined) {
        // not retryable: events had come, so the server answered and may have begun generating
        throw new ProviderError({ provider: config.id, kind: 'cut', message: 'the answer stream ended before its end marker' });
      }
      yield { type: 'finish', reason: reason ?? 'stop', ...(usage === undefined ? {} : { usage }) };
    } finally {
      watchdog.dispose();
    }
  }

  return {
    id: config.id,
    listModels,
    checkReachable: (signal) => probe(transport, config.id, `${config.baseUrl}/models`, authorization, signal),
    knowsModel(model) {
      if (config.models.length > 0) return config.models.includes(model);
      return discovered?.ids.includes(model);
    },
    stream: (request) => withRetries(transport, request.signal, (deadline) => attempt(request, deadline)),
  };
}

function requestBody(request: StreamRequest, defaults: AnswerDefaults): Record<string, unknown> {
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  return {
    model: request.model,
    // `name` is left out: several compatible servers reject it; speakers are named in content
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    stream: true,
    stream_options: { include_usage: true },
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  };
}
