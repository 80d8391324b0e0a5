import { REST, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';

/** What Discord recommends for the bot: how many shards, and how many may identify at once. */
export interface GatewayRecommendation {
  shards: number;
  /** Shards that may start together each 5 seconds (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

/**
 * Asks `GET /gateway/bot` at `apiUrl` (discord.js's own `fetchRecommendedShardCount` always asks
 * discord.com, whatever `DISCORD_API_URL` says).
 */
export async function fetchGatewayRecommendation(apiUrl: string, token: string): Promise<GatewayRecommendation> {
  const rest = new REST({ api: apiUrl, version: '10' }).setToken(token);
  const answer = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return { shards: Math.max(1, answer.shards), maxConcurrency: Math.max(1, answer.session_start_limit.max_concurrency) };
}
