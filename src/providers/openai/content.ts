/**
 * A chat message's content as OpenAI's chat completions take it. Plain text stays a string, as
 * does content without images (files inlined as text): every compatible server takes a string,
 * while some older ones (llama.cpp, LM Studio builds) refuse a content array. A user message
 * with images becomes the array vision models take: each text or file a `text` part, each image
 * an `image_url` part carrying its bytes as a `data:` URL, in the order they were attached.
 */
import { Buffer } from 'node:buffer';
import type { ChatMessage, ContentPart } from '../../model/chat-message.ts';
import { contentText, hasImages, partText } from '../../model/message-content.ts';

/** One element of OpenAI's content array. */
export type OpenAIContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** `message.content` for the request body (see the module comment). */
export function openAIContent(message: ChatMessage): string | OpenAIContentPart[] {
  // only user messages may carry images in OpenAI's API
  if (message.role !== 'user' || !hasImages(message.content)) return contentText(message.content);
  return (message.content as readonly ContentPart[]).map(openAIPart);
}

function openAIPart(part: ContentPart): OpenAIContentPart {
  if (part.type !== 'image') return { type: 'text', text: partText(part) };
  const base64 = Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength).toString('base64');
  return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${base64}` } };
}
