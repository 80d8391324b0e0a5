import { once } from 'node:events';

/** Faint on, faint off (SGR 2 / 22): reasoning set apart from the answer at a terminal. */
const faint = '\x1b[2m';
const normal = '\x1b[22m';

/**
 * `--reasoning`: writes the model's reasoning to stderr as it streams, so stdout stays the
 * answer alone. At a terminal the reasoning is shown faint; piped, it is the reasoning exactly.
 * Each run of reasoning ends with a line break, so the answer after it starts on its own line.
 */
export class ReasoningOutput {
  readonly #errors: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #styled: boolean;
  /** Whether a run of reasoning is open (written, not yet ended). */
  #open = false;
  #endsWithLineBreak = true;

  constructor(errors: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.#errors = errors;
    this.#styled = errors.isTTY === true;
  }

  /** Writes one reasoning delta, respecting back-pressure. */
  async write(text: string): Promise<void> {
    if (text === '') return;
    const opening = !this.#open && this.#styled ? faint : '';
    this.#open = true;
    this.#endsWithLineBreak = text.endsWith('\n');
    if (!this.#errors.write(`${opening}${text}`)) await once(this.#errors, 'drain');
  }

  /** Ends the current run of reasoning (the answer begins, or the stream ended); idempotent. */
  end(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#errors.write(`${this.#styled ? normal : ''}${this.#endsWithLineBreak ? '' : '\n'}`);
  }
}
