import type { Dispatcher } from 'undici';
import { z } from 'zod';

const maxErrorBodyBytes = 16 * 1024;
const maxShownLength = 300;

/**
 * The error objects the protocols answer with, each to its message, tried in order: chat-ui's
 * `{"error": "…"}`, OpenAI's `{"error": {"message"}}` (vLLM, Ollama, llama.cpp alike), chat-ui's
 * and vLLM's `{"message"}`, FastAPI's `{"detail"}`.
 */
const errorObject = z.union([
  z.looseObject({ error: z.string() }).transform((body) => body.error),
  z.looseObject({ error: z.looseObject({ message: z.string() }) }).transform((body) => body.error.message),
  z.looseObject({ message: z.string() }).transform((body) => body.message),
  z.looseObject({ detail: z.string() }).transform((body) => body.detail),
]);

/**
 * Reads an error response and extracts the upstream's message (see `messageFromErrorText`).
 * Reads at most 16 KiB so a misbehaving server cannot flood us.
 */
export async function readErrorBody(response: Dispatcher.ResponseData): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= maxErrorBodyBytes) break;
    }
  } catch {
    // a broken error body still leaves us the status
  } finally {
    response.body.destroy();
  }
  return messageFromErrorText(Buffer.concat(chunks).toString('utf8').slice(0, maxErrorBodyBytes).trim());
}

/** The human-readable message inside an error body: an `errorObject`'s, else the text itself, shortened. */
function messageFromErrorText(text: string): string {
  if (text.startsWith('{')) {
    try {
      const parsed = errorObject.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON after all
    }
  }
  if (text.length <= maxShownLength) return text;
  // never cut between the halves of a surrogate pair: a lone half shows as U+FFFD
  const cut = isHighSurrogate(text.charCodeAt(maxShownLength - 1)) ? maxShownLength - 1 : maxShownLength;
  return `${text.slice(0, cut)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
