import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FakeDiscord } from '../fake-discord/fake-discord.ts';

const script = fileURLToPath(new URL('../../src/deploy-commands.ts', import.meta.url));

async function deploy(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env['PATH'] ?? '', CORDIAL_ENV_FILE: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

describe('deploy-commands reads DISCORD_TOKEN as the bot does', () => {
  let discord: FakeDiscord;
  before(async () => {
    discord = await FakeDiscord.start();
  });
  after(async () => {
    await discord?.stop();
  });

  it('GIVEN a token pasted with its "Bot " prefix THEN the prefix is stripped and the commands are registered', async () => {
    const { code, output } = await deploy({ DISCORD_TOKEN: `Bot ${discord.botToken}`, DISCORD_API_URL: discord.restUrl, DEV_GUILD_ID: discord.defaults.guild.id });
    assert.equal(code, 0, output);
    assert.match(output, /Registered \d+ commands/);
    assert.ok(discord.commands(discord.defaults.guild.id).length > 0);
    // the two install links, for a server and for a person's account
    assert.match(output, /Add the bot to a server: https:\/\/discord\.com\/oauth2\/authorize\?client_id=\d+&integration_type=0&scope=bot\+applications\.commands&permissions=\d+/);
    assert.match(output, /Add it to your account: {2}https:\/\/discord\.com\/oauth2\/authorize\?client_id=\d+&integration_type=1&scope=applications\.commands\n/);
  });

  it('GIVEN a malformed token THEN exit 2 with a line that never shows it', async () => {
    const token = `${discord.botToken.slice(0, 30)} ${discord.botToken.slice(30)}`;
    const { code, output } = await deploy({ DISCORD_TOKEN: token, DISCORD_API_URL: discord.restUrl });
    assert.equal(code, 2, output);
    assert.match(output, /DISCORD_TOKEN/);
    assert.ok(!output.includes(discord.botToken.slice(0, 12)) && !output.includes(discord.botToken.slice(-12)), output);
  });
});
