import type { FinishPart, Usage } from '../model/stream-part.ts';

/**
 * `--usage`: the one stderr line about the answer's token usage, with the counts as the
 * provider reported them (a count it left out is said to be missing, never computed here).
 */
export function usageLine(providerId: string, finish: FinishPart | undefined): string {
  if (finish === undefined) return 'usage: none, the answer did not finish';
  if (finish.usage === undefined) return `usage: ${providerId} reported no token usage`;
  return `usage: ${describeCounts(finish.usage)}`;
}

function describeCounts(usage: Usage): string {
  const count = (label: string, value: number | undefined) => `${label} ${value === undefined ? 'not reported' : `${value} token${value === 1 ? '' : 's'}`}`;
  return [count('prompt', usage.promptTokens), count('completion', usage.completionTokens), count('total', usage.totalTokens)].join(', ');
}
