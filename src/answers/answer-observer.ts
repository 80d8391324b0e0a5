/**
 * What the runner tells about the answers it writes, for the operator's metrics
 * (`src/operations/`): the answering layer stays free of any metrics library.
 */
export interface AnswerObserver {
  /** An answer began (it is in flight until `answerEnded`). */
  answerStarted(): void;
  /** The answer is final, however it ended. */
  answerEnded(): void;
  /** Seconds from asking the model to its first text or reasoning. */
  firstToken(providerId: string, seconds: number): void;
  /** Seconds from the answer's start to the first write showing its text (not a status such as "thinking…"). */
  firstVisibleText(trigger: string, seconds: number): void;
  /** The model failed with an error of this kind (`ProviderErrorKind`). */
  providerFailed(providerId: string, kind: string): void;
}
