/**
 * Reading a chat message's content, which is either plain text or a list of parts: the one
 * place that says how files and images read as text for text-only protocols (h2o's prompt,
 * aivvm's body, the token estimate), and how two turns' contents merge.
 */
import type { ChatMessage, ContentPart, ImagePart } from './chat-message.ts';

/** A message's content as parts: a plain string is one text part (none when empty). */
export function contentParts(content: ChatMessage['content']): readonly ContentPart[] {
  if (typeof content !== 'string') return content;
  return content === '' ? [] : [{ type: 'text', text: content }];
}

/** How an image reads for a model that is not given it: `[image photo.png, not shown]`. */
export function imageNote(image: Pick<ImagePart, 'name'>): string {
  return `[image ${image.name}, not shown]`;
}

/**
 * A file's text as given to a model, between lines naming it, so that the model can tell
 * where the file ends and the message goes on (a code fence would break on fences inside it).
 */
export function inlinedFileText(name: string, text: string): string {
  return `[file ${name}]\n${text}${text.endsWith('\n') ? '' : '\n'}[end of ${name}]`;
}

/**
 * The content as one text: text parts as they are, files inlined with their names, images as
 * a note; parts joined by a line break. What text-only protocols send.
 */
export function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map(partText).join('\n');
}

/** One part as text (see `contentText`). */
export function partText(part: ContentPart): string {
  if (part.type === 'text') return part.text;
  if (part.type === 'file-text') return inlinedFileText(part.name, part.text);
  return imageNote(part);
}

/** Whether the content holds an image part. */
export function hasImages(content: ChatMessage['content']): boolean {
  return typeof content !== 'string' && content.some((part) => part.type === 'image');
}

/**
 * Two contents as one, `separator` between them: plain text stays plain text; otherwise the
 * parts follow each other, the separator joined to a neighbouring text part when there is one.
 */
export function joinContents(earlier: ChatMessage['content'], later: ChatMessage['content'], separator: string): ChatMessage['content'] {
  if (typeof earlier === 'string' && typeof later === 'string') return `${earlier}${separator}${later}`;
  const parts: ContentPart[] = [...contentParts(earlier)];
  const last = parts.at(-1);
  if (last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: last.text + separator };
  else parts.push({ type: 'text', text: separator });
  for (const part of contentParts(later)) {
    const previous = parts.at(-1);
    if (part.type === 'text' && previous?.type === 'text') parts[parts.length - 1] = { type: 'text', text: previous.text + part.text };
    else parts.push(part);
  }
  return parts;
}
