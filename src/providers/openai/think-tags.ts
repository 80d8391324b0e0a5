/**
 * Models served without a reasoning parser (DeepSeek R1, Qwen3, QwQ on a plain llama.cpp or
 * vLLM) put their reasoning in the answer itself: `<think>…</think>` at the start of `content`,
 * then the answer. This splits such content into reasoning and answer text as it streams, with
 * the tags cut across deltas anywhere: what could still be part of a tag is held back until the
 * next delta tells. The whitespace around the tags is markup, not content (`<think>\n…\n</think>\n\n`),
 * and is dropped. Content that does not open with `<think>` (leading whitespace aside) is all
 * answer, passed through unchanged; a `<think>` later in the answer is the answer's own text.
 *
 * Content that starts inside the block, with no `<think>` and only a lone `</think>` after the
 * reasoning (a chat template that ends the prompt with `<think>`, as DeepSeek-R1-0528's does), is
 * deliberately not read as reasoning: nothing tells it from a plain answer until the `</think>`,
 * which may never come, and text already given out cannot be taken back, so telling them apart
 * would mean holding every answer of every model back until it ends. Such a model needs a
 * reasoning parser on its server (or a per-endpoint setting saying its content starts in the
 * block, which there is not yet).
 */

/** A piece of content: reasoning (inside the leading `<think>` block) or answer text. */
export interface ContentPiece {
  type: 'reasoning-delta' | 'text-delta';
  text: string;
}

const openTag = '<think>';
const closeTag = '</think>';

type State = 'start' | 'reasoning' | 'after-reasoning' | 'text';

/** A pure state machine over one answer's content deltas. */
export class ThinkTagSplitter {
  #state: State = 'start';
  // held back: leading whitespace and a possible start of `<think>` (start), or trailing
  // whitespace and a possible start of `</think>` (reasoning)
  #pending = '';
  // no reasoning character has been given out yet: whitespace after `<think>` is dropped
  #reasoningStarted = false;

  /** The pieces `content` completes, in order (often none or one). */
  push(content: string): ContentPiece[] {
    if (this.#state === 'text') return content === '' ? [] : [{ type: 'text-delta', text: content }];
    const text = this.#pending + content;
    this.#pending = '';
    if (this.#state === 'start') return this.#atStart(text);
    if (this.#state === 'reasoning') return this.#inReasoning(text);
    return this.#afterReasoning(text);
  }

  /** What is still held when the content ends: a tag that never completed is the model's text. */
  end(): ContentPiece[] {
    const pending = this.#pending;
    this.#pending = '';
    if (pending === '') return [];
    if (this.#state === 'start') return [{ type: 'text-delta', text: pending }];
    if (this.#state !== 'reasoning') return [];
    const reasoning = this.#reasoningStarted ? pending.trimEnd() : pending.trim();
    return reasoning === '' ? [] : [{ type: 'reasoning-delta', text: reasoning }];
  }

  #atStart(text: string): ContentPiece[] {
    const rest = text.trimStart();
    if (rest.startsWith(openTag)) {
      this.#state = 'reasoning';
      return this.#inReasoning(rest.slice(openTag.length));
    }
    if (openTag.startsWith(rest)) {
      // only whitespace, or a beginning of `<think>`: the next delta decides
      this.#pending = text;
      return [];
    }
    this.#state = 'text';
    return [{ type: 'text-delta', text }];
  }

  #inReasoning(text: string): ContentPiece[] {
    const close = text.indexOf(closeTag);
    if (close >= 0) {
      const reasoning = this.#reasoning(text.slice(0, close).trimEnd());
      this.#state = 'after-reasoning';
      return [...reasoning, ...this.#afterReasoning(text.slice(close + closeTag.length))];
    }
    const held = heldBeforeCloseTag(text);
    this.#pending = text.slice(text.length - held);
    return this.#reasoning(text.slice(0, text.length - held));
  }

  #afterReasoning(text: string): ContentPiece[] {
    const answer = text.trimStart();
    if (answer === '') return [];
    this.#state = 'text';
    return [{ type: 'text-delta', text: answer }];
  }

  #reasoning(text: string): ContentPiece[] {
    const reasoning = this.#reasoningStarted ? text : text.trimStart();
    if (reasoning === '') return [];
    this.#reasoningStarted = true;
    return [{ type: 'reasoning-delta', text: reasoning }];
  }
}

/**
 * How many characters at the end of `text` must wait: a proper beginning of `</think>`, and the
 * whitespace before it (dropped if the tag follows, given out if text does).
 */
function heldBeforeCloseTag(text: string): number {
  let tag = Math.min(closeTag.length - 1, text.length);
  while (tag > 0 && !text.endsWith(closeTag.slice(0, tag))) tag -= 1;
  const body = text.slice(0, text.length - tag);
  return tag + (body.length - body.trimEnd().length);
}
