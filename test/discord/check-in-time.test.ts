import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Events, type ChatInputCommandInteraction, type Client } from 'discord.js';
import { checkInTime } from '../../src/discord/check-in-time.ts';
import { withWorld } from '../fake-discord/client-harness.ts';
import { MessageFlag } from '../fake-discord/constants.ts';
import type { FakeDiscord } from '../fake-discord/index.ts';
import { latestVersion } from '../fake-discord/state.ts';

const REFUSAL = 'You have used today’s tokens.';
// far past any test's run: only a deferral the test waits for makes the checks finish
const NEVER_MS = 600_000;

/** Runs `handler` for the next slash command and reports its failure instead of losing it. */
function onCommand(client: Client, handler: (interaction: ChatInputCommandInteraction) => Promise<void>): Promise<unknown> {
  return new Promise((resolve) => {
    client.once(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) handler(interaction).then(() => resolve(undefined), resolve);
    });
  });
}

/** Checks that finish only once the fake has seen the interaction deferred: slower than the deadline, whatever the machine. */
async function slowChecks<T>(fake: FakeDiscord, interaction: ChatInputCommandInteraction, value: T): Promise<T> {
  await fake.waitFor(() => fake.interaction(interaction.id).deferred, { description: 'the deferral' });
  return value;
}

describe('checkInTime: the checks before an interaction’s first response, within Discord’s 3 s', () => {
  it('GIVEN checks that finish in time AND a refusal THEN it is the first response, private, and nothing was deferred', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const handled = onCommand(client, async (interaction) => {
        const { value, response } = await checkInTime(interaction, Promise.resolve(REFUSAL), { ephemeral: false, afterMs: NEVER_MS });
        await response.refuse(value);
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      const interaction = fake.interaction(handle);
      assert.deepEqual(interaction.responses.map((response) => response.type), [4]);
      assert.equal(interaction.ephemeral, true);
      assert.equal(latestVersion(interaction.originalMessage()!).content, REFUSAL);
    });
  });

  it('GIVEN slow checks for a public reply AND then a refusal THEN the reply was deferred in time, and the refusal replaces it privately', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const handled = onCommand(client, async (interaction) => {
        const { value, response } = await checkInTime(interaction, slowChecks(fake, interaction, REFUSAL), { ephemeral: false, afterMs: 20 });
        await response.refuse(value);
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      const interaction = fake.interaction(handle);
      assert.deepEqual(interaction.responses.map((response) => response.type), [5], 'deferred');
      assert.equal(interaction.originalMessage()!.deleted, true, 'the public "thinking…" message is gone');
      const [followUp, ...more] = interaction.followUps();
      assert.equal(more.length, 0);
      assert.equal(latestVersion(followUp!).content, REFUSAL);
      assert.equal(latestVersion(followUp!).flags & MessageFlag.Ephemeral, MessageFlag.Ephemeral, 'only the asker sees the refusal');
    });
  });

  it('GIVEN slow checks for a private reply AND then a refusal THEN the private "thinking…" message becomes the refusal', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const handled = onCommand(client, async (interaction) => {
        const { value, response } = await checkInTime(interaction, slowChecks(fake, interaction, REFUSAL), { ephemeral: true, afterMs: 20 });
        await response.refuse(value);
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      const interaction = fake.interaction(handle);
      assert.equal(interaction.ephemeral, true);
      const original = interaction.originalMessage()!;
      assert.equal(original.deleted, false);
      assert.equal(latestVersion(original).content, REFUSAL);
      assert.equal(latestVersion(original).flags & MessageFlag.Loading, 0);
      assert.deepEqual(interaction.followUps(), []);
    });
  });

  it('GIVEN slow checks that pass THEN the answer goes on in the one deferred reply (defer again does nothing)', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const handled = onCommand(client, async (interaction) => {
        const { response } = await checkInTime(interaction, slowChecks(fake, interaction, 'fine'), { ephemeral: false, afterMs: 20 });
        await response.defer();
        await interaction.editReply('The answer.');
      });
      const handle = fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      const interaction = fake.interaction(handle);
      assert.deepEqual(interaction.responses.map((response) => response.type), [5]);
      assert.equal(interaction.ephemeral, false);
      assert.equal(latestVersion(interaction.originalMessage()!).content, 'The answer.');
    });
  });

  it('GIVEN checks that fail after the deferral THEN the failure goes on once the deferral is done, for the error answer to follow it up', async () => {
    await withWorld({}, async ({ fake, client }) => {
      let failure: unknown;
      const handled = onCommand(client, async (interaction) => {
        const failing = slowChecks(fake, interaction, undefined).then(() => Promise.reject(new Error('the store is unreachable')));
        failure = await checkInTime(interaction, failing, { ephemeral: false, afterMs: 20 }).catch((error: unknown) => error);
        assert.equal(interaction.deferred, true, 'discord.js knows it was deferred: the router follows up');
      });
      fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      assert.match(String(failure), /the store is unreachable/);
    });
  });

  it('GIVEN an interaction read 1.4 s after Discord created it THEN the deadline is what is left of the 1.5 s, not 1.5 s from now', async () => {
    await withWorld({}, async ({ fake, client }) => {
      const delays: number[] = [];
      const clock = {
        setTimeout: (callback: () => void, delayMs: number) => (delays.push(delayMs), setTimeout(callback, delayMs)),
        clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      };
      const handled = onCommand(client, async (interaction) => {
        const now = () => interaction.createdTimestamp + 1400;
        await checkInTime(interaction, slowChecks(fake, interaction, 'fine'), { ephemeral: false, afterMs: 1500, now, clock });
      });
      fake.sendSlashCommand({ name: 'ask', options: { prompt: 'x' } });
      assert.equal(await handled, undefined);
      assert.deepEqual(delays, [100]);
    });
  });
});
