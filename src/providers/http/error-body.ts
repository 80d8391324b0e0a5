import type { Dispatcher } from 'undici';

const maxErrorBodyBytes = 16 * 1024;

/**
 * Reads an error response and extracts the upstream's message from the shapes the protocols
 * use: OpenAI `{"error":{"message"}}`, chat-ui `{"message"}` / `{"error":"…"}`, or plain text.
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
  const text = Buffer.concat(chunks).toString('utf8').slice(0, maxErrorBodyBytes).trim();
  return messageFromErrorText(text);
}

/** The human-readable message inside an error body. */
export function messageFromErrorText(text: string): string {
  if (!text.startsWith('{')) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body['error'];
    if (typeof error === 'string') return error;
    if (error !== null && typeof error === 'object' && typeof (error as Record<string, unknown>)['message'] === 'string') {
      return (error as Record<string, string>)['message'] ?? '';
    }
    if (typeof body['message'] === 'string') return body['message'];
    if (typeof body['detail'] === 'string') return body['detail'];
  } catch {
    // not JSON after all
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
