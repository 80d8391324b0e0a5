import { MessageFlags, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { systemClock, type Clock } from '../model/clock.ts';
import { noMentions } from './sinks/rest-write.ts';

/**
 * How long after an interaction was created the bot may still be reading what it needs before
 * it defers: Discord fails an interaction not answered within 3 s, and the deferral itself takes
 * a round trip, longer on a busy host.
 */
export const DEFER_AFTER_MS = 1500;

/** An interaction whose first response is either a private refusal or a deferral. */
type AnsweredInteraction = ChatInputCommandInteraction | ModalSubmitInteraction;

/** The first response of an interaction whose checks are done. */
export interface FirstResponse {
  /** Refuses privately: the first response itself, or, when the reply was deferred meanwhile, in its place. */
  refuse(content: string): Promise<void>;
  /** Defers the reply (as `ephemeral` said) unless that was done while the checks ran. */
  defer(): Promise<void>;
}

/** Options of `checkInTime`. */
export interface CheckInTimeOptions {
  /** Whether the reply, when deferred, is private. */
  ephemeral: boolean;
  /** Times the deadline; default real time. */
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** `Date.now`, to read the interaction's age from its creation time. */
  now?: () => number;
  afterMs?: number;
}

/**
 * Runs an interaction's checks (store reads: the thread, the models, quotas, the asker's place)
 * while keeping Discord's 3-s deadline: if they have not finished `DEFER_AFTER_MS` after the
 * interaction was created, the reply is deferred then, so a slow store or a busy host never
 * leaves the asker with "The application did not respond". Resolves with the checks' value and
 * the first response to give. When the checks fail after a deferral, the deferral is awaited
 * before the failure goes on (the router's error answer then follows it up).
 *
 * A refusal stays private either way: after a private deferral it replaces the "thinking…"
 * message; after a public one that message is deleted and the refusal follows privately (the
 * first follow-up of a deferral would otherwise take its visibility).
 */
export async function checkInTime<T>(interaction: AnsweredInteraction, checks: Promise<T>, options: CheckInTimeOptions): Promise<{ value: T; response: FirstResponse }> {
  const { ephemeral, clock = systemClock, now = Date.now, afterMs = DEFER_AFTER_MS } = options;
  let deferral: Promise<unknown> | undefined;
  const defer = () => (deferral ??= interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}));
  // the interaction's age from its id's timestamp (a host clock running ahead only defers sooner), at most `afterMs` from now
  const waitMs = Math.max(0, Math.min(afterMs, interaction.createdTimestamp + afterMs - now()));
  const timer = clock.setTimeout(() => void defer().catch(() => undefined), waitMs);
  const settled = await checks.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  clock.clearTimeout(timer);
  if (!settled.ok) {
    await deferral?.catch(() => undefined);
    throw settled.error;
  }
  const { value } = settled;
  return {
    value,
    response: {
      async defer() {
        await defer();
      },
      async refuse(content) {
        if (deferral === undefined) return void (await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions }));
        await deferral;
        if (ephemeral) return void (await interaction.editReply({ content, allowedMentions: noMentions }));
        await interaction.deleteReply();
        await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions });
      },
    },
  };
}
