/** What a provider sends when a request leaves it out; set once from configuration. */
export interface AnswerDefaults {
  /** Upper bound on generated tokens (`StreamRequest.maxTokens` wins); absent: the server's own. */
  maxTokens?: number;
}
