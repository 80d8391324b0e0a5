/** The messages of a conversation as sent to a model. */

/** Who said a chat message. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** Plain text. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** The image types vision models take. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** An image, for vision models (others get the text parts and a note that it was not shown). */
export interface ImagePart {
  type: 'image';
  /** Its type, checked from its bytes, not taken from a file name. */
  mediaType: ImageMediaType;
  /** The image's bytes. */
  data: Uint8Array;
  /** Its file name, for notes and logs. */
  name: string;
}

/** A text file's content, given to the model with its name. */
export interface FileTextPart {
  type: 'file-text';
  /** The file name, e.g. `report.csv`. */
  name: string;
  /** Its text (valid UTF-8, within the size setting). */
  text: string;
}

/** One part of a message's content. */
export type ContentPart = TextPart | ImagePart | FileTextPart;

/** One message of a conversation as sent to a model. */
export interface ChatMessage {
  /** Who said it. */
  role: ChatRole;
  /**
   * Plain text, or parts: text, images and files attached to the message (read it through
   * `contentText` / `contentParts` in `message-content.ts`). Speakers are named in the text: no
   * provider sends a `name` field (several OpenAI-compatible servers refuse it).
   */
  content: string | readonly ContentPart[];
}
