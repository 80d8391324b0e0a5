import { z } from 'zod';
import { ProviderError } from '../../model/provider-error.ts';
import type { FinishReason, StreamPart } from '../../model/stream-part.ts';
import type { EventKind } from '../http/event-stream.ts';
import { endOfTextToken } from './h2o-models.ts';

/**
 * One TGI `generate_stream` event, as chat-ui passes it on: a token, with `generated_text` and
 * `details` (when asked for) on the last.
 */
const tgiToken = z.object({
  token: z.object({ text: z.string(), special: z.boolean().optional() }),
  generated_text: z.string().nullish(),
  details: z.object({ finish_reason: z.string().optional(), generated_tokens: z.number().optional() }).nullish(),
});

/** An error in mid-stream: `{"error": "…", "error_type": "generation" | "overloaded" | …}`. */
const tgiError = z.object({ error: z.string(), error_type: z.string().optional() });

type TgiToken = z.infer<typeof tgiToken>;
type TgiError = z.infer<typeof tgiError>;
/** An event of a TGI stream: a token or an error. */
export type TgiEvent = TgiToken | TgiError;

/** The events of a TGI answer. */
export const tgiEvents: EventKind<TgiEvent> = {
  schema: z.union([tgiToken, tgiError]),
  name: 'TGI stream event',
};

/**
 * An answer's parts from TGI's events: special tokens are skipped; `<|endoftext|>` ends the
 * answer (tokens after it are not part of it, and are never read); so does the final event
 * (with `generated_text`), whose own token is the answer's last, but the full text it repeats is
 * not shown again. The finish carries TGI's reason (`eos_token`, `length`, `stop_sequence`) and
 * its token count when the event has `details`. An error event throws; a body that ends before
 * either end was cut.
 */
export async function* tgiParts(provider: string, events: AsyncIterable<TgiEvent>): AsyncGenerator<StreamPart> {
  for await (const event of events) {
    if ('error' in event) throw midAnswerError(provider, event);
    const { token, generated_text: generatedText, details } = event;
    const endOfText = token.text === endOfTextToken;
    if (!endOfText && token.special !== true && token.text !== '') yield { type: 'text-delta', text: token.text };
    if (endOfText || generatedText != null) {
      // leaving the loop destroys the body: whatever follows the end is never read
      yield finishOf(details);
      return;
    }
  }
  // not retryable: events had come, so TGI had begun generating
  throw new ProviderError({ provider, kind: 'cut', message: 'the answer stream ended before its final event' });
}

function finishOf(details: TgiToken['details']): StreamPart {
  const rawReason = details?.finish_reason;
  const completionTokens = details?.generated_tokens;
  return {
    type: 'finish',
    reason: unifyFinishReason(rawReason),
    ...(rawReason === undefined ? {} : { rawReason }),
    ...(completionTokens === undefined ? {} : { usage: { completionTokens } }),
  };
}

function unifyFinishReason(reason: string | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === undefined || reason === 'eos_token' || reason === 'stop_sequence') return 'stop';
  return 'other';
}

function midAnswerError(provider: string, event: TgiError): ProviderError {
  const overloaded = event.error_type === 'overloaded';
  return new ProviderError({
    provider,
    kind: overloaded ? 'unavailable' : 'upstream',
    message: `the model failed mid-answer: ${event.error}`,
    upstreamMessage: event.error,
    retryable: overloaded,
  });
}
