import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inviteLinks } from '../../src/discord/invite-links.ts';

test('GIVEN the application id THEN the server link asks for the bot with its five permissions and the account link for commands only', () => {
  const links = inviteLinks('1100000000000000001');
  const server = new URL(links.server);
  assert.equal(server.origin + server.pathname, 'https://discord.com/oauth2/authorize');
  assert.deepEqual(Object.fromEntries(server.searchParams), {
    client_id: '1100000000000000001',
    integration_type: '0',
    scope: 'bot applications.commands',
    // View Channels 1024 + Send Messages 2048 + Read Message History 65536 + Create Public Threads 2^35 + Send Messages in Threads 2^38
    permissions: String(1024 + 2048 + 65536 + 2 ** 35 + 2 ** 38),
  });
  assert.deepEqual(Object.fromEntries(new URL(links.account).searchParams), { client_id: '1100000000000000001', integration_type: '1', scope: 'applications.commands' });
});
