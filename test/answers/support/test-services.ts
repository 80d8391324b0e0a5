/**
 * The answers layer's services as `main.ts` builds them, in memory: the settings parsed from an
 * environment, a real SQLite store (`:memory:`), the real history cache, anchors, answer places (in
 * that store), turn queue and attachment reader, an AnswerRunner on a ManualClock whose usage goes to the store,
 * and a ModelLookup over scripted providers (`openai` with gpt-4o, which sees images, and
 * gpt-4o-mini). Only the models and Discord are stand-ins.
 */
import { pino, type Logger } from 'pino';
import { AnswerAnchors } from '../../../src/answers/answer-anchors.ts';
import { storedAnswerPlaces } from '../../../src/answers/answer-quota.ts';
import { AnswerRunner } from '../../../src/answers/answer-runner.ts';
import type { AnswerServices } from '../../../src/answers/answer-services.ts';
import { ModelLookup } from '../../../src/answers/model-lookup.ts';
import { createAttachmentReader } from '../../../src/attachments/create-attachment-reader.ts';
import { loadBotConfig } from '../../../src/config/bot-config.ts';
import type { Environment } from '../../../src/config/provider-config.ts';
import { HistoryCache } from '../../../src/conversation/history-cache.ts';
import { TurnQueue } from '../../../src/conversation/turn-queue.ts';
import { ManualClock } from '../../../src/model/manual-clock.ts';
import { openStore } from '../../../src/store/store.ts';
import type { Store } from '../../../src/store/store-port.ts';
import { botUserId } from './people.ts';
import { ScriptedProvider, scriptedRegistry } from './scripted-provider.ts';

/** A token of the right shape that opens nothing. */
export const FAKE_DISCORD_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.Gabcde.fake-token-for-tests';
/** The system prompt of the tests' settings. */
export const SYSTEM_PROMPT = 'Be brief.';
/** The process run the test services claim answer places as. */
export const TEST_RUN_ID = 'test-run';
/** The context the scripted models list. */
export const CONTEXT_TOKENS = 8192;

/** A log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { msg: string; level: number };

export interface TestServices {
  services: AnswerServices;
  clock: ManualClock;
  store: Store;
  /** The `openai` provider's stand-in. */
  provider: ScriptedProvider;
  /** The models resolved through the registry, in order. */
  resolutions: string[];
  /** What was logged at warn and above. */
  logs: LogLine[];
  close(): void;
}

/** Settings on top of the tests' defaults (one provider, `openai`, and the system prompt). */
export function testServices(env: Environment = {}, options: { globalDefault?: string; serverDefaults?: Record<string, string> } = {}): TestServices {
  const config = loadBotConfig({
    DISCORD_TOKEN: FAKE_DISCORD_TOKEN,
    PROVIDERS: 'openai',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    OPENAI_MODELS: 'gpt-4o,gpt-4o-mini',
    OPENAI_VISION_MODELS: 'gpt-4o',
    SYSTEM_PROMPT,
    ...env,
  });
  const clock = new ManualClock(1_700_000_000_000);
  const store = openStore({ path: ':memory:', now: () => clock.now() });
  const logs: LogLine[] = [];
  const logger: Logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const provider = new ScriptedProvider({ id: 'openai', models: config.providers.openaiCompatible[0]!.models, contextTokens: CONTEXT_TOKENS, clock });
  const registry = scriptedRegistry([provider]);
  const serverDefaults = options.serverDefaults ?? {};
  const services: AnswerServices = {
    config,
    runner: new AnswerRunner({
      logger,
      minEditIntervalMs: config.minEditIntervalMs,
      retryWindowMs: config.discordRetryWindowMs,
      ...(config.replyMaxMessages === 0 ? {} : { maxMessages: config.replyMaxMessages }),
      clock,
      ledger: {
        recordUsage: (usage) => store.recordUsage(usage),
        keepReasoning: (messageId, reasoning) => store.keepReasoning(messageId, reasoning, 60_000),
      },
      reasoningDisplay: config.reasoningDisplay,
    }),
    quota: storedAnswerPlaces({ store, ownerId: TEST_RUN_ID, limit: config.maxAnswersPerUser, logger, now: () => clock.now() }),
    anchors: new AnswerAnchors(config.historyCacheThreads * 20),
    models: new ModelLookup({ registry, serverDefault: async (guildId) => serverDefaults[guildId], globalDefault: options.globalDefault ?? config.defaultModel }),
    historyCache: new HistoryCache({ maxThreads: config.historyCacheThreads, maxMessagesPerThread: config.historyMaxMessages }),
    turns: new TurnQueue((error) => {
      throw error;
    }),
    attachments: createAttachmentReader(config.attachments),
    store,
    botUserId,
    logger,
  };
  return { services, clock, store, provider, resolutions: registry.resolutions, logs, close: () => store.close() };
}
