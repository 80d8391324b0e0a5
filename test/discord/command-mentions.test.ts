import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandGuildOf, createCommandMentions, type RegisteredCommand } from '../../src/discord/command-mentions.ts';

const guildId = '300000000000000001';
const global: RegisteredCommand[] = [
  { id: '100000000000000001', name: 'ask', type: 1 },
  { id: '100000000000000002', name: 'model', type: 1 },
  // a message command cannot be mentioned, whatever its name
  { id: '100000000000000003', name: 'help', type: 3 },
];

/** A fetcher that records which lists were asked for, answering from `lists` (a missing list fails). */
function recordingFetcher(lists: Record<string, RegisteredCommand[]>) {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    fetchCommands: async (guild?: string) => {
      asked.push(guild);
      const list = lists[guild ?? 'global'];
      if (list === undefined) throw new Error(`no list for ${guild ?? 'global'}`);
      return list;
    },
  };
}

test('GIVEN registered slash commands THEN they are mentioned by default name and id, subcommands too', async () => {
  const { fetchCommands } = recordingFetcher({ global });
  const mention = await createCommandMentions({ fetchCommands }).mentionsFor(null, 'ru');
  assert.equal(mention('ask'), '</ask:100000000000000001>');
  assert.equal(mention('model', 'modelSet'), '</model set:100000000000000002>');
  // not registered (or only as a message command): named as typed in the language
  assert.equal(mention('help'), '`/помощь`');
  assert.equal(mention('settings', 'settingsThreads'), '`/настройки ветки`');
});

test('GIVEN a server with its own commands THEN they win over global ones, and are read only for that server', async () => {
  const fetcher = recordingFetcher({ global, [guildId]: [{ id: '200000000000000001', name: 'ask' }] });
  const mentions = createCommandMentions({ fetchCommands: fetcher.fetchCommands });
  const inGuild = await mentions.mentionsFor(guildId, 'en');
  assert.equal(inGuild('ask'), '</ask:200000000000000001>');
  assert.equal(inGuild('model', 'modelShow'), '</model show:100000000000000002>');
  const inDm = await mentions.mentionsFor(null, 'en');
  assert.equal(inDm('ask'), '</ask:100000000000000001>');
  assert.deepEqual(fetcher.asked, [undefined, guildId]);
});

test('GIVEN lists read within the hour THEN they are not read again; after it they are', async () => {
  let now = 1_000_000;
  const fetcher = recordingFetcher({ global, [guildId]: [] });
  const mentions = createCommandMentions({ fetchCommands: fetcher.fetchCommands, now: () => now });
  await mentions.mentionsFor(guildId, 'en');
  now += 60 * 60 * 1000 - 1;
  await mentions.mentionsFor(guildId, 'en');
  assert.deepEqual(fetcher.asked, [undefined, guildId]);
  now += 1;
  await mentions.mentionsFor(guildId, 'en');
  assert.deepEqual(fetcher.asked, [undefined, guildId, undefined, guildId]);
});

test('GIVEN a failed read THEN commands are named as typed, the failure is reported, and the read is retried later', async () => {
  let now = 0;
  const lists: Record<string, RegisteredCommand[]> = {};
  const fetcher = recordingFetcher(lists);
  const errors: Array<string | undefined> = [];
  const mentions = createCommandMentions({ fetchCommands: fetcher.fetchCommands, now: () => now, retryMs: 1000, onError: (_error, guild) => errors.push(guild ?? 'global') });
  assert.equal((await mentions.mentionsFor(null, 'en'))('ask'), '`/ask`');
  assert.equal((await mentions.mentionsFor(null, 'en'))('ask'), '`/ask`');
  assert.deepEqual([fetcher.asked.length, errors], [1, ['global']], 'not asked again at once');
  lists['global'] = global;
  now += 1000;
  assert.equal((await mentions.mentionsFor(null, 'en'))('ask'), '</ask:100000000000000001>');
  assert.equal(fetcher.asked.length, 2);
});

test('GIVEN a fetcher that throws at once THEN mentions still come, as typed', async () => {
  const mentions = createCommandMentions({
    fetchCommands: () => {
      throw new Error('no client yet');
    },
  });
  assert.equal((await mentions.mentionsFor(guildId, 'ru'))('model', 'modelList'), '`/модель список`');
});

test('GIVEN several help requests at once THEN they share one read', async () => {
  let release: (commands: RegisteredCommand[]) => void = () => undefined;
  let reads = 0;
  const mentions = createCommandMentions({
    fetchCommands: () => {
      reads += 1;
      return new Promise((resolve) => (release = resolve));
    },
  });
  const first = mentions.mentionsFor(null, 'en');
  const second = mentions.mentionsFor(null, 'en');
  release(global);
  const [one, two] = await Promise.all([first, second]);
  assert.equal(reads, 1);
  assert.deepEqual([one('ask'), two('ask')], ['</ask:100000000000000001>', '</ask:100000000000000001>']);
});

test('GIVEN where an interaction comes from THEN the server commands are looked up only where the app is installed on it', () => {
  assert.equal(commandGuildOf({ guildId, authorizingIntegrationOwners: { guildId } }), guildId);
  // a user install in a server without the bot: asking its commands would earn a 403
  assert.equal(commandGuildOf({ guildId, authorizingIntegrationOwners: { guildId: null } }), null);
  assert.equal(commandGuildOf({ guildId: null, authorizingIntegrationOwners: { guildId: '0' } }), null);
});
