/**
 * The bot's composition root (`npm start`, and each shard's process under `npm run
 * start:sharded`): validates settings, opens the state (SQLite, or the shared PostgreSQL) with
 * the lease of its shard, connects to Discord through its budget and wires commands, listeners
 * and metrics. It reads `process.env` here and nowhere below.
 * It registers no commands (that is `npm run deploy-commands`), and an unreachable provider
 * never stops it from starting.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Events, REST } from 'discord.js';
import { loadBotConfig } from './config/bot-config.ts';
import { loadDotenv } from './config/load-dotenv.ts';
import { exitOnStartFailure } from './lifecycle/exit-on-start-failure.ts';
import { HistoryCache } from './conversation/history-cache.ts';
import { TurnQueue } from './conversation/turn-queue.ts';
import { AnswerRunner } from './answers/answer-runner.ts';
import { AnswerAnchors } from './answers/answer-anchors.ts';
import { storedAnswerPlaces } from './answers/answer-quota.ts';
import { ModelLookup } from './answers/model-lookup.ts';
import { RecordArrivals } from './answers/record-arrivals.ts';
import { systemPromptLookup } from './answers/system-prompt-lookup.ts';
import type { BotContext } from './discord/bot-context.ts';
import { createCommandMentions, discordCommandFetcher } from './discord/command-mentions.ts';
import { connectToDiscord } from './discord/connect.ts';
import { routeInteraction } from './discord/interaction-router.ts';
import { listenToMessages } from './discord/message-listener.ts';
import { recoverUnfinishedReplies } from './discord/recover-unfinished-replies.ts';
import { createBotLogger } from './log/bot-logger.ts';
import { createProviderRegistry } from './providers/registry.ts';
import { runShutdownSteps } from './lifecycle/run-shutdown-steps.ts';
import { createAttachmentReader } from './attachments/create-attachment-reader.ts';
import type { ProcessInstance } from './store/store.ts';
import { purgeDaily } from './store/daily-purge.ts';
import { shardOfProcess } from './sharding/process-shard.ts';
import { openState } from './start/open-state.ts';
import { discordBudget } from './start/discord-budget.ts';
import { startProcessOperations } from './start/process-operations.ts';

const DAY_MS = 24 * 60 * 60_000;

let stopping = false;
/** Finishes answers in flight and exits; set once the bot is up (before that a failure just exits). */
let stop = async (_signal: string, exitCode = 1): Promise<void> => {
  if (!stopping) process.exit(exitCode);
};

async function main(): Promise<void> {
  loadDotenv(process.env);
  const config = loadBotConfig(process.env);
  const logger = createBotLogger(config, process.env);
  const shard = shardOfProcess(process.env);
  const managed = process.env['SHARDING_MANAGER'] !== undefined;
  if (managed) {
    // a shard outliving its manager (killed outright) would keep the shard's lease from the manager replacing it
    process.once('disconnect', () => void stop('sharding manager gone'));
    // discord.js tells the manager of gateway events without asking whether it is still there
    process.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_IPC_CHANNEL_CLOSED') throw error;
    });
  }
  const operations = await startProcessOperations({
    ...(managed ? { managedShardId: shard.id } : {}),
    ...(config.healthPort === undefined ? {} : { healthPort: config.healthPort }),
    providers: config.providers.enabled,
    logger,
  });
  // once connected: leaves Discord (gateway and bot-token REST)
  let leaveDiscord = async (): Promise<void> => undefined;
  // one process per shard: the lease is taken with the state and held until exit
  const state = await openState(config, shard, logger, (error) => {
    // another process may take the shard now: this one is no longer its owner, so it stops
    // hearing its events and writing at once (the two never both answer), and its answers in
    // flight are left to the successor to mark; the manager (or supervisor) starts one
    logger.error({ err: error, shard: shard.id }, 'lost the lease of this shard: stopping');
    void leaveDiscord().finally(() => stop('lease lost', 1));
  });
  const store = operations.timed(state.store);
  // this run owns the answers it journals; holding its shard's lease, it is the shard's only live owner
  const instance: ProcessInstance = { id: randomUUID(), pid: process.pid, host: hostname(), startedAt: Date.now(), shard };
  await store.registerInstance(instance);
  // the answer places this shard's earlier runs held are theirs no more (a crash left them): free them before answering
  await store.forgetAnswerPlaces([instance.id], shard).then(
    (forgotten) => forgotten > 0 && logger.info({ forgotten }, 'freed the answer places of earlier runs'),
    (error: unknown) => logger.warn({ err: error }, 'could not free the answer places of earlier runs: they expire on their own'),
  );
  const registry = createProviderRegistry(config.providers);
  const budget = discordBudget(config, shard, logger);
  const { client, messageContent } = await connectToDiscord({ token: config.discordToken, apiUrl: config.discordApiUrl, logger, shard, rest: budget.rest, messagesPerChannel: config.historyMaxMessages });
  leaveDiscord = () => client.destroy();
  const webhookRest = new REST({ api: config.discordApiUrl, version: '10', globalRequestsPerSecond: 1000 });
  operations.attach(client, webhookRest, store);
  const context: BotContext = {
    config,
    client,
    webhookRest,
    writeGate: budget.writeGate,
    registry,
    models: new ModelLookup({
      registry,
      serverDefault: (guildId) => store.getGuildDefaultModel(guildId),
      channelDefault: (channelId) => store.getChannelDefaultModel(channelId),
      globalDefault: config.defaultModel,
    }),
    systemPrompts: systemPromptLookup({
      serverPrompt: (guildId) => store.getGuildSystemPrompt(guildId),
      channelPrompt: (channelId) => store.getChannelSystemPrompt(channelId),
      configured: config.systemPrompt,
    }),
    store,
    botUserId: client.user.id,
    recordArrivals: new RecordArrivals(),
    historyCache: new HistoryCache({ maxThreads: config.historyCacheThreads, maxMessagesPerThread: config.historyMaxMessages }),
    turns: new TurnQueue((error, thread) => logger.error({ err: error, thread }, 'thread turn failed')),
    runner: new AnswerRunner({
      logger,
      minEditIntervalMs: config.minEditIntervalMs,
      retryWindowMs: config.discordRetryWindowMs,
      ...(config.replyMaxMessages === 0 ? {} : { maxMessages: config.replyMaxMessages }),
      journal: {
        record: (reply) => store.recordUnfinishedReply({ ...reply, ownerId: instance.id }),
        forget: (messageId) => store.forgetUnfinishedReply(messageId),
      },
      ledger: {
        recordUsage: (usage) => store.recordUsage(usage),
        keepReasoning: (messageId, reasoning) => store.keepReasoning(messageId, reasoning, config.reasoningRetentionDays * DAY_MS),
      },
      reasoningDisplay: config.reasoningDisplay,
      observer: operations.observer,
    }),
    quota: storedAnswerPlaces({ store, ownerId: instance.id, limit: config.maxAnswersPerUser, logger }),
    anchors: new AnswerAnchors(config.historyCacheThreads * 20),
    attachments: createAttachmentReader(config.attachments),
    messageContent,
    commandMentions: createCommandMentions({
      fetchCommands: discordCommandFetcher(client),
      onError: (error, guildId) => logger.warn({ err: error, guild: guildId }, 'could not read the registered commands: naming them as typed'),
    }),
    logger,
  };
  // interactions being handled: a shutdown waits for them (an /ask reads the store before it answers)
  const handling = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction) => {
    const handled = routeInteraction(interaction, context)
      .catch((error: unknown) => logger.error({ err: error }, 'an interaction failed'))
      .finally(() => handling.delete(handled));
    handling.add(handled);
  });
  const messages = listenToMessages(context);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  // a bug in one answer must not take the bot down for everyone
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  logger.info(
    {
      user: client.user.tag,
      guilds: client.guilds.cache.size,
      shard: shard.id,
      shards: shard.count,
      store: store.kind,
      budget: budget.mode,
      providers: config.providers.enabled,
      defaultModel: config.defaultModel,
      messageContent,
    },
    'Cordial is online',
  );
  // answers a crash cut off last time: say so under each, in the background. The shard's
  // earlier runs are gone, as its lease admits one process at a time.
  const repairing = recoverUnfinishedReplies(context, { instanceId: instance.id, shard, isShardFree: (other) => state.lease.isShardFree(other) }).then(
    (marked) => marked > 0 && logger.info({ marked }, 'marked the answers a crash had cut off'),
    (error: unknown) => logger.error({ err: error }, 'could not mark the answers a crash had cut off'),
  );

  // reasoning and answer records past their retention leave the database at start-up and every day after
  const dailyTimers = { setTimeout: (callback: () => void, delayMs: number) => setTimeout(callback, delayMs).unref(), clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout) };
  const purges = [
    purgeDaily({
      purge: () => store.purgeExpiredReasoning(),
      clock: dailyTimers,
      onPurged: (deleted) => {
        if (deleted > 0) logger.info({ deleted }, 'deleted reasoning past its retention');
      },
      onFailed: (error) => logger.warn({ err: error }, 'could not delete reasoning past its retention'),
    }),
    purgeDaily({
      // an answer older than this can no longer be regenerated
      purge: () => store.deleteAnswersBefore(Date.now() - config.answerRetentionDays * DAY_MS),
      clock: dailyTimers,
      onPurged: (deleted) => {
        if (deleted > 0) logger.info({ deleted }, 'deleted answer records past their retention');
      },
      onFailed: (error) => logger.warn({ err: error }, 'could not delete answer records past their retention'),
    }),
  ];

  stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing answers in flight');
    const clean = await runShutdownSteps(
      [
        ['finish answers', () => context.runner.shutdown()],
        // work on its way to an answer: each answer it starts now is stopped at once
        ['finish the interactions and messages being handled', () => Promise.allSettled([...handling, messages.idle()])],
        ['finish turns', () => context.turns.idle()],
        ['finish answers started meanwhile', () => context.runner.shutdown()],
        // a stop soon after start must not close the database under the repair
        ['finish marking the answers a crash cut off', () => repairing],
        ['disconnect from Discord', () => client.destroy()],
        ['close providers', () => registry.close()],
        ['stop the daily purges', () => purges.forEach((purge) => purge.stop())],
        ['close the Discord budget', () => budget.close()],
        ['close the database', () => store.close()],
        ['release the shard lease', () => state.lease.release()],
        ['stop serving metrics', () => operations.close()],
      ],
      logger,
    );
    logger.info('stopped');
    process.exit(clean ? exitCode : 1);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

try {
  await main();
} catch (error) {
  exitOnStartFailure(error, 'start');
}
