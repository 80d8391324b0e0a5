import { InteractionKind } from './constants.ts';
import type { RecordedModal } from './modal-input.ts';
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
  /** Application command type (1 slash, 2 user, 3 message) for type-2 interactions, else `null`. */
  commandType: number | null;
  /** The message a component was used on (for a modal submit: the message of the component that opened it). */
  componentMessageId: string | null;
  /** For a modal submit: the interaction whose modal was submitted. */
  modalOf: string | null;
  dispatchedAt: number;
  responseDeadlineMs: number;
  tokenLifetimeMs: number;
  /** The INTERACTION_CREATE `d` as dispatched. */
  payload: Record<string, unknown>;
}

/**
 * An interaction the fake dispatched, and everything the bot did with it. This is the handle
 * `sendSlashCommand`, `sendMessageCommand`, `sendAutocomplete`, `clickButton`, `selectOption`
 * and `submitModal` return.
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
  readonly commandType: number | null;
  readonly componentMessageId: string | null;
  readonly modalOf: string | null;
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
  /** Accepted `POST /webhooks/:app/:token` calls, the one that replaced a loading message included. */
  followUpCount = 0;
  /** Choices the bot answered an autocomplete with. */
  autocompleteChoices: Array<{ name: string; value: string | number }> | null = null;
  /** The modal the bot answered with (callback type 9), as validated, with the ids Discord gives its components. */
  modal: RecordedModal | null = null;
  /** The modal submit interaction that closed `modal`, once a person submitted it. */
  modalSubmissionId: string | null = null;
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
    this.commandType = init.commandType;
    this.componentMessageId = init.componentMessageId;
    this.modalOf = init.modalOf;
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

  /** `context` as dispatched: 0 guild, 1 the bot's DM, 2 a private channel. */
  get context(): number {
    return this.payload['context'] as number;
  }

  /** `authorizing_integration_owners` as dispatched: `{"0": guild id or "0"}`, `{"1": user id}`, or both. */
  get authorizingIntegrationOwners(): Record<string, string> {
    return this.payload['authorizing_integration_owners'] as Record<string, string>;
  }

  /**
   * Whether only a user install authorizes it (no guild install where it happened): Discord
   * then allows 5 follow-ups at most.
   */
  get onlyUserInstalled(): boolean {
    return Object.keys(this.authorizingIntegrationOwners).join() === '1';
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
