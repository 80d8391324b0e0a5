import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';

/** Intents a Cordial-like bot asks for. */
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

/** A real discord.js Client pointed at the fake (not logged in yet). */
export function createClient(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: BOT_INTENTS,
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    ...options,
    rest: { api: fake.restUrl, version: '10', ...options.rest },
  });
}

/** Logs a client in and resolves once it is ready (every guild received). */
export async function loginAndWaitReady(client: Client, fake: FakeDiscord): Promise<Client<true>> {
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.botToken);
  return ready;
}

/** Starts a fake and a ready client; `close` tears both down in the right order. */
export async function startWorld(
  start: () => Promise<FakeDiscord>,
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ fake: FakeDiscord; client: Client<true>; close: () => Promise<void> }> {
  const fake = await start();
  const client = createClient(fake, clientOptions);
  try {
    await loginAndWaitReady(client, fake);
  } catch (error) {
    await client.destroy();
    await fake.stop();
    throw error;
  }
  return {
    fake,
    client: client as Client<true>,
    close: async () => {
      // the client first: a stopped server would make it reconnect forever
      await client.destroy();
      await fake.stop();
    },
  };
}

/**
 * Runs `body` with a fresh fake and a ready client, and always tears both down, so a failing
 * assertion never leaves a socket or timer behind.
 */
export async function withWorld(
  options: { fake?: FakeDiscordOptions; client?: Partial<ClientOptions> },
  body: (world: { fake: FakeDiscord; client: Client<true> }) => Promise<void>,
): Promise<void> {
  const world = await startWorld(() => FakeDiscord.start(options.fake), options.client);
  try {
    await body(world);
    assertNoInternalErrors(world.fake);
  } finally {
    await world.close();
  }
}

/** The fake answered 500 somewhere: a gap in the fake, which would make a test lie. */
export function assertNoInternalErrors(fake: FakeDiscord): void {
  if (fake.internalErrors.length > 0) {
    const first = fake.internalErrors[0];
    throw new Error(`fake-discord failed on ${first?.request.method} ${first?.request.path}: ${String(first?.error)}`);
  }
}
