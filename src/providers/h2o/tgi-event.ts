import { ProviderError } from '../../model/provider-error.ts';
import type { FinishReason } from '../../model/stream-part.ts';
import { endOfTextToken } from './h2o-models.ts';

/** What one TGI `generate_stream` event means for the answer: text to show, and/or its end. */
export interface TgiEvent {
  /** Visible text carried by the event's token ('' for none). */
  text: string;
  /** Set when the answer ends with this event. */
  end?: FinishReason;
}

interface RawTgiEvent {
  token?: { text?: string; special?: boolean };
  generated_text?: string | null;
  details?: { finish_reason?: string } | null;
  error?: string;
  error_type?: string;
}

/**
 * Interprets one event: special tokens are skipped, `<|endoftext|>` ends the answer (tokens
 * after it are not part of it), the final event (with `generated_text`) ends it too — its own
 * token is the answer's last, but the full text it repeats is not shown again — and an
 * `error` event throws.
 */
export function parseTgiEvent(provider: string, data: string): TgiEvent {
  let raw: RawTgiEvent;
  try {
    raw = JSON.parse(data) as RawTgiEvent;
  } catch (error) {
    throw new ProviderError({ provider, kind: 'upstream', message: 'the provider sent a malformed stream event', cause: error });
  }
  if (typeof raw.error === 'string') {
    const overloaded = raw.error_type === 'overloaded';
    throw new ProviderError({
      provider,
      kind: overloaded ? 'unavailable' : 'upstream',
      message: `the model failed mid-answer: ${raw.error}`,
      upstreamMessage: raw.error,
      retryable: overloaded,
    });
  }
  const token = raw.token;
  if (token?.text === endOfTextToken) return { text: '', end: 'stop' };
  const text = token === undefined || token.special === true ? '' : (token.text ?? '');
  if (raw.generated_text !== undefined && raw.generated_text !== null) return { text, end: finishReasonOf(raw.details?.finish_reason) };
  return { text };
}

function finishReasonOf(reason: string | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === undefined || reason === 'eos_token' || reason === 'stop_sequence') return 'stop';
  return 'other';
}
