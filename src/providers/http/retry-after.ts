import type { IncomingHttpHeaders } from 'node:http';

/**
 * Seconds an upstream asked us to wait: `retry-after-ms` (OpenAI) wins over `retry-after`,
 * which is either seconds or an HTTP date. `now` is injectable for date arithmetic in tests.
 */
export function retryAfterSeconds(headers: IncomingHttpHeaders, now: () => number = Date.now): number | undefined {
  const milliseconds = Number(firstValue(headers['retry-after-ms']));
  if (Number.isFinite(milliseconds) && milliseconds >= 0 && firstValue(headers['retry-after-ms']) !== undefined) return milliseconds / 1000;
  const value = firstValue(headers['retry-after']);
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now()) / 1000);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
