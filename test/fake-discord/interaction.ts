import { InteractionKind } from './constants.ts';
import type { FakeState } from './state.ts';
import type { StoredMessage } from './types.ts';

/** One answer the bot gave on `POST /interactions/:id/:token/callback`. */
export interface InteractionResponse {
  /** Callback type: 4 reply, 5 defer, 6 defer update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  data: unknown;
  /** The fake's clock when it arrived. */
  at: number;
}

/** What the fake needs to know to build and judge an interaction. */
export interface InteractionInit {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  commandName: string;
  /** The message a component was clicked on. */
  componentMessageId: string | null;
  dispatchedAt: number;
  responseDeadlineMs: number;
  tokenLifetimeMs: number;
  /** The INTERACTION_CREATE `d` as dispatched. */
  payload: Record<string, unknown>;
}

/**
 * An interaction the fake dispatched, and everything the bot did with it. This is the handle
 * `sendSlashCommand`, `sendAutocomplete` and `clickButton` return.
 */
export class FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly applicationId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly userId: string;
  readonly commandName: string;
  readonly componentMessageId: string | null;
  /** The fake's clock at dispatch. */
  readonly dispatchedAt: number;
  /** The initial response must arrive before this (fake clock). */
  readonly respondBy: number;
  /** Webhook routes answer 50027 from this time on (fake clock). */
  tokenExpiresAt: number;
  /** The INTERACTION_CREATE `d` as dispatched. */
  readonly payload: Record<string, unknown>;
  /** Every accepted callback, in order (only one is ever accepted). */
  readonly responses: InteractionResponse[] = [];
  /** Whether the reply is ephemeral; fixed by the first response. */
  ephemeral = false;
  /** The `@original` message, once there is one. */
  originalMessageId: string | null = null;
  /** Messages created by follow-ups (a follow-up that replaced the loading message is not here). */
  readonly followUpIds: string[] = [];
  /** Choices the bot answered an autocomplete with. */
  autocompleteChoices: Array<{ name: string; value: string | number }> | null = null;
  readonly #state: FakeState;

  constructor(init: InteractionInit, state: FakeState) {
    this.id = init.id;
    this.token = init.token;
    this.type = init.type;
    this.applicationId = init.applicationId;
    this.guildId = init.guildId;
    this.channelId = init.channelId;
    this.userId = init.userId;
    this.commandName = init.commandName;
    this.componentMessageId = init.componentMessageId;
    this.dispatchedAt = init.dispatchedAt;
    this.respondBy = init.dispatchedAt + init.responseDeadlineMs;
    this.tokenExpiresAt = init.dispatchedAt + init.tokenLifetimeMs;
    this.payload = init.payload;
    this.#state = state;
  }

  /** Whether the bot has sent its initial response. */
  get acknowledged(): boolean {
    return this.responses.length > 0;
  }

  /** Whether the initial response was a deferral (type 5 or 6). */
  get deferred(): boolean {
    const type = this.responses[0]?.type;
    return type === 5 || type === 6;
  }

  /** Whether this was an autocomplete request. */
  get isAutocomplete(): boolean {
    return this.type === InteractionKind.Autocomplete;
  }

  /** The reply (`@original`) with all its versions, if the bot created one. */
  originalMessage(): StoredMessage | undefined {
    return this.originalMessageId ? this.#state.messages.get(this.originalMessageId) : undefined;
  }

  /** Follow-up messages, oldest first. */
  followUps(): StoredMessage[] {
    return this.followUpIds.flatMap((id) => {
      const message = this.#state.messages.get(id);
      return message ? [message] : [];
    });
  }
}
