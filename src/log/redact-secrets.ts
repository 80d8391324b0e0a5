/** Replaces every occurrence of each of `secrets` in `text` by `[REDACTED]` (callers choose which secrets are worth it). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('[REDACTED]');
  return result;
}
