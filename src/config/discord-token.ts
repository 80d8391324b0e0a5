import { ConfigError } from './config-error.ts';
import type { Environment } from './provider-config.ts';
import { describeSecret } from './secret-value.ts';

const expected = 'the bot token from the Discord Developer Portal (Bot → Reset Token)';
/** A bot token is three base64url parts joined by dots: the bot's id, a timestamp, a signature. */
const tokenShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** The shortest token accepted; real ones are 59 characters and more. */
const shortestToken = 20;

/**
 * Reads `DISCORD_TOKEN`. A leading `Bot ` (the form of the Authorization header, often pasted
 * along) is accepted and removed, as discord.js's own login does: the intent is unambiguous
 * and refusing it would only make people edit a file. Anything else wrong stops start-up with
 * a ConfigError that says what is wrong (length, whitespace, quotes, parts), never the value.
 */
export function readDiscordToken(env: Environment): string {
  const raw = env['DISCORD_TOKEN'];
  if (raw === undefined || raw === '') throw new ConfigError('DISCORD_TOKEN', `missing; expected ${expected}`);
  const token = raw.replace(/^Bot\s+/i, '');
  const parts = token.split('.').length;
  const wrong = tokenShape.test(token) && token.length >= shortestToken ? undefined : problem(token, parts);
  if (wrong !== undefined) throw new ConfigError('DISCORD_TOKEN', `not a bot token: got ${describeSecret(raw)}, ${wrong}; expected ${expected}`);
  return token;
}

function problem(token: string, parts: number): string {
  if (/\s/.test(token)) return 'and a token has no spaces or line breaks';
  if (/^(["']).*\1$/s.test(token)) return 'and the quotes are not part of the token';
  if (parts !== 3) return `in ${parts} dot-separated part${parts === 1 ? '' : 's'} where a token has 3`;
  if (token.length < shortestToken) return 'which is too short for a token';
  return 'with characters a token never has (it uses letters, digits, "-", "_" and two dots)';
}
