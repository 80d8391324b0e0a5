import { stdSerializers } from 'pino';
import { isSecretVariable } from '../config/secret-value.ts';

const censor = '[REDACTED]';
/** Deeper than pino prints (its depth limit is 5), so cutting here never hides what pino would show. */
const deepest = 8;

/** Field names that hold credentials in headers, request options, configs and error objects. */
const secretFieldNames = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'api_key', 'apikey',
  'token', 'access_token', 'refresh_token', 'password', 'secret', 'client_secret',
]);
/** camelCase secret names (`apiKey`, `botToken`); environment-style ones are `isSecretVariable`'s. */
const camelCaseSecretPattern = /[a-z](?:ApiKey|Token|Secret|Password)$/;

/** Whether a field of this name holds a credential, whatever object it is in. */
export function isSecretField(name: string): boolean {
  return secretFieldNames.has(name.toLowerCase()) || isSecretVariable(name) || camelCaseSecretPattern.test(name);
}

/**
 * A copy of a log object with the value of every credential field blanked, at any depth:
 * `headers.authorization`, undici's request `options.headers`, raw header arrays
 * (`['authorization', 'Bearer …']`), a config's `apiKey`, an error's own fields and causes.
 * Path-based redaction (pino's `redact`) reaches only the depths it lists; an error from a
 * library carries its request options wherever the library put them. Errors are serialized
 * here as pino's error serializer does, so their fields are walked too. The input is not changed.
 */
export function censorSecretFields(value: unknown): unknown {
  return censorValue(value, 0, new WeakSet());
}

function censorValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= deepest) return '[...]';
  seen.add(value);
  try {
    if (value instanceof Error) return censorObject(stdSerializers.err(value) as object, depth, seen);
    if (Array.isArray(value)) return censorArray(value, depth, seen);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    // Dates, Buffers and URLs print as their JSON form; what that form holds is checked in turn
    if (typeof toJSON === 'function') return censorValue(toJSON.call(value), depth, seen);
    return censorObject(value, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function censorObject(object: object, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(object)) {
    copy[key] = isSecretField(key) && field !== undefined && field !== null && field !== '' ? censor : censorValue(field, depth + 1, seen);
  }
  return copy;
}

/** Arrays as they are, except that in a raw header list the value after a credential header's name goes. */
function censorArray(array: readonly unknown[], depth: number, seen: WeakSet<object>): unknown[] {
  return array.map((item, index) => {
    const name = array[index - 1];
    if (index % 2 === 1 && typeof item === 'string' && typeof name === 'string' && isSecretField(name)) return censor;
    return censorValue(item, depth + 1, seen);
  });
}
