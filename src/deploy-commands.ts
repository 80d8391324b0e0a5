/**
 * `npm run deploy-commands`: registers the slash commands once (never on every start).
 * With DEV_GUILD_ID they go to that server only and appear at once; otherwise globally.
 */
import { REST, Routes, type APIApplication } from 'discord.js';
import { z } from 'zod';
import { ConfigError } from './config/config-error.ts';
import { readDiscordToken } from './config/discord-token.ts';
import { loadDotenv } from './config/load-dotenv.ts';
import { readVariable } from './config/provider-config.ts';
import { commandDefinitions } from './discord/commands/index.ts';
import { inviteLinks } from './discord/invite-links.ts';

async function deploy(): Promise<string> {
  loadDotenv(process.env);
  // the bot's own check: a pasted `Bot ` prefix is stripped, and a bad token is described, never shown
  const token = readDiscordToken(process.env);
  const apiUrl = readVariable(process.env, 'DISCORD_API_URL', z.url().default('https://discord.com/api'), 'an http(s) URL');
  const guildId = readVariable(process.env, 'DEV_GUILD_ID', z.string().regex(/^\d{17,20}$/).optional(), 'a server id (17–20 digits)');
  const rest = new REST({ api: apiUrl.replace(/\/+$/, ''), version: '10' }).setToken(token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const commands = commandDefinitions();
  const route = guildId === undefined ? Routes.applicationCommands(application.id) : Routes.applicationGuildCommands(application.id, guildId);
  const registered = (await rest.put(route, { body: commands })) as unknown[];
  const links = inviteLinks(application.id);
  const names = commands.map((command) => ('description' in command && command.description !== '' ? `/${command.name}` : `"${command.name}"`));
  return [
    `Registered ${registered.length} commands (${names.join(', ')}) ${guildId === undefined ? 'globally (they may take up to an hour to appear)' : `in server ${guildId}`}.`,
    `Add the bot to a server: ${links.server}`,
    `Add it to your account:  ${links.account}`,
  ].join('\n');
}

try {
  console.log(await deploy());
} catch (error) {
  console.error(`deploy-commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
