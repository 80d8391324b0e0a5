import type { Dispatcher } from 'undici';
import { ProviderError } from '../../model/provider-error.ts';
import { readErrorBody } from './error-body.ts';
import type { HttpTransport } from './http-transport.ts';

/**
 * Throws a `protocol` error, after reading what a JSON body says (a proxy's error, a server
 * that ignored `stream`), when the response has a content type and `refused(type)` holds: an
 * HTML page with status 200 is a login wall or a proxy's error page, not an answer, and retrying
 * will not change it. A missing type is let through: the body itself then decides. `expected`
 * names what the protocol answers with, for the message.
 */
export async function refuseContentType(
  transport: HttpTransport,
  provider: string,
  response: Dispatcher.ResponseData,
  refused: (mediaType: string) => boolean,
  expected: string,
): Promise<void> {
  const contentType = mediaTypeOf(response.headers['content-type']);
  if (contentType === undefined || !refused(contentType)) return;
  const upstreamMessage = contentType.endsWith('json') ? transport.redact(await readErrorBody(response)) : '';
  await response.body.dump().catch(() => undefined);
  const message = `the provider answered with ${contentType}, not ${expected}${upstreamMessage === '' ? '' : `: ${upstreamMessage}`}`;
  throw new ProviderError({ provider, kind: 'protocol', status: response.statusCode, message, ...(upstreamMessage === '' ? {} : { upstreamMessage }) });
}

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}
