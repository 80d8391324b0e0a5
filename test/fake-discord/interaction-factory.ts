import { randomBytes } from 'node:crypto';
import { chatInputData, messageCommandData } from './command-data.ts';
import { commandPlaceRules, type CommandRegistry } from './commands.ts';
import { CommandKind, ComponentKind, IntegrationType, InteractionKind } from './constants.ts';
import { FakeInteraction } from './interaction.ts';
import type { AutocompleteInput, ButtonClickInput, MessageCommandInput, ModalSubmitInput, SelectOptionInput, SlashCommandInput } from './interaction-inputs.ts';
import { resolvePlace, type InstallTarget, type InteractionPlace, type PlaceRules, type ResolvedPlace } from './interaction-place.ts';
import { checkChoices, findComponent, messageSelectRules, type FoundComponent } from './message-components.ts';
import { readableMessagePayload } from './message-visibility.ts';
import { modalSubmissionComponents } from './modal-submission.ts';
import { messagePayload, type PayloadContext } from './payloads.ts';
import { latestVersion, type FakeState } from './state.ts';
import type { StoredMessage } from './types.ts';

export type { InstallTarget, InteractionPlace } from './interaction-place.ts';
export type { OptionInput } from './command-data.ts';
export type { AutocompleteInput, ButtonClickInput, MessageCommandInput, ModalSubmitInput, SelectOptionInput, SlashCommandInput } from './interaction-inputs.ts';

interface FactoryDependencies {
  state: FakeState;
  commands: CommandRegistry;
  payloadContext: PayloadContext;
  applicationId: string;
  botUserId: string;
  clock: () => number;
  responseDeadlineMs: number;
  tokenLifetimeMs: number;
  /** Whether the app has the Message Content intent approved (a component's `message` is blanked otherwise). */
  messageContentGranted: boolean;
  defaultPlace: () => { channelId: string; userId: string };
}

/** What a new interaction carries beyond its place. */
interface InteractionParts {
  type: number;
  commandName: string;
  commandType: number | null;
  data: Record<string, unknown>;
  message?: StoredMessage;
  componentMessageId?: string | null;
  modalOf?: string | null;
}

/** Builds INTERACTION_CREATE payloads with every field discord.js v14 reads, and keeps them. */
export class InteractionRegistry {
  readonly #byId = new Map<string, FakeInteraction>();
  readonly #dependencies: FactoryDependencies;

  constructor(dependencies: FactoryDependencies) {
    this.#dependencies = dependencies;
  }

  byId(id: string): FakeInteraction | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): FakeInteraction | undefined {
    for (const interaction of this.#byId.values()) if (interaction.token === token) return interaction;
    return undefined;
  }

  /** Every interaction so far, oldest first. */
  all(): FakeInteraction[] {
    return [...this.#byId.values()];
  }

  createSlashCommand(input: SlashCommandInput): FakeInteraction {
    return this.#chatInput(InteractionKind.ApplicationCommand, input, undefined);
  }

  createAutocomplete(input: AutocompleteInput): FakeInteraction {
    return this.#chatInput(InteractionKind.Autocomplete, input, input.focused);
  }

  createMessageCommand(input: MessageCommandInput): FakeInteraction {
    const { state, commands, payloadContext } = this.#dependencies;
    const target = state.requireMessage(input.targetMessageId);
    const channelId = input.channelId ?? target.channelId;
    if (target.channelId !== channelId) throw new Error(`fake-discord: message ${target.id} is not in channel ${channelId}`);
    const command = commands.find(input.name, input.guildId ?? state.requireChannel(channelId).guildId, CommandKind.Message);
    const place = this.#place({ ...input, channelId }, commandPlaceRules(command));
    // the target is always readable: the Message Content intent's exception for message commands
    const data = messageCommandData(state, command, input.name, { id: target.id, payload: messagePayload(payloadContext, target) });
    return this.#create(place, { type: InteractionKind.ApplicationCommand, commandName: input.name, commandType: CommandKind.Message, data });
  }

  createButtonClick(input: ButtonClickInput): FakeInteraction {
    const { message, found } = this.#shownComponent(input.messageId, input.customId);
    if (found.type !== ComponentKind.Button) {
      throw new Error(`fake-discord: "${input.customId}" on message ${message.id} is a component of type ${found.type}, not a button (use selectOption for a select)`);
    }
    const place = this.#componentPlace(input, message);
    return this.#create(place, {
      type: InteractionKind.MessageComponent,
      commandName: '',
      commandType: null,
      data: { custom_id: input.customId, component_type: ComponentKind.Button },
      message,
      componentMessageId: message.id,
    });
  }

  createSelect(input: SelectOptionInput): FakeInteraction {
    const { message, found } = this.#shownComponent(input.messageId, input.customId);
    if (found.type !== ComponentKind.StringSelect) {
      throw new Error(`fake-discord: "${input.customId}" on message ${message.id} is a component of type ${found.type}, not a string select`);
    }
    const options = (found.definition['options'] as Array<{ value: string }> | undefined) ?? [];
    checkChoices(input.customId, options, input.values, messageSelectRules(found.definition));
    const place = this.#componentPlace(input, message);
    return this.#create(place, {
      type: InteractionKind.MessageComponent,
      commandName: '',
      commandType: null,
      data: { custom_id: input.customId, component_type: ComponentKind.StringSelect, values: [...input.values] },
      message,
      componentMessageId: message.id,
    });
  }

  /**
   * A modal submit (type 5) for the modal the bot answered `input.from` with: in the same place,
   * with its own token and deadline. A modal closes once submitted.
   */
  createModalSubmit(input: ModalSubmitInput): FakeInteraction {
    const { state } = this.#dependencies;
    const opener = this.byId(typeof input.from === 'string' ? input.from : input.from.id);
    if (!opener?.modal) throw new Error('fake-discord: the bot did not answer that interaction with a modal');
    if (opener.modalSubmissionId) throw new Error(`fake-discord: the modal of interaction ${opener.id} was already submitted`);
    const components = modalSubmissionComponents(opener.modal, input.values ?? {});
    const message = opener.componentMessageId ? state.messages.get(opener.componentMessageId) : undefined;
    const place = this.#place(
      {
        channelId: opener.channelId,
        ...(opener.guildId ? { guildId: opener.guildId } : {}),
        user: input.user ?? opener.userId,
        // the same person's client: it reports the same language unless a test says otherwise
        ...(input.locale ? { locale: input.locale } : typeof opener.payload['locale'] === 'string' ? { locale: opener.payload['locale'] } : {}),
        install: input.install ?? installOf(opener.authorizingIntegrationOwners),
      },
      { ...authorizingUser(opener.authorizingIntegrationOwners) },
    );
    const submission = this.#create(place, {
      type: InteractionKind.ModalSubmit,
      commandName: opener.commandName,
      commandType: null,
      data: { custom_id: opener.modal.customId, components },
      ...(message ? { message } : {}),
      componentMessageId: opener.componentMessageId,
      modalOf: opener.id,
    });
    opener.modalSubmissionId = submission.id;
    return submission;
  }

  #chatInput(type: number, input: SlashCommandInput, focused: string | undefined): FakeInteraction {
    const { state, commands } = this.#dependencies;
    const guildId = input.guildId ?? state.requireChannel(input.channelId ?? this.#dependencies.defaultPlace().channelId).guildId;
    const command = commands.find(input.name, guildId);
    const place = this.#place(input, commandPlaceRules(command));
    const data = chatInputData(state, command, input, place.guildId, focused);
    return this.#create(place, { type, commandName: input.name, commandType: CommandKind.ChatInput, data });
  }

  #place(place: InteractionPlace, rules: PlaceRules): ResolvedPlace {
    const { state, botUserId, defaultPlace } = this.#dependencies;
    return resolvePlace(state, botUserId, place, defaultPlace(), rules);
  }

  /** A component's message and the component a person uses on it, as the message shows it now. */
  #shownComponent(messageId: string, customId: string): { message: StoredMessage; found: FoundComponent } {
    const message = this.#dependencies.state.requireMessage(messageId);
    const found = findComponent(latestVersion(message).components, customId);
    // a person can only use what the message shows now
    if (!found || found.disabled) throw new Error(`fake-discord: message ${message.id} shows no enabled component "${customId}" to click`);
    return { message, found };
  }

  /**
   * A component on a message an interaction created is authorized as that interaction was: by
   * the same installs, a user install still being its installer's (the clicker may be another).
   */
  #componentPlace(input: InteractionPlace, message: StoredMessage): ResolvedPlace {
    const origin = message.interactionId ? this.byId(message.interactionId) : undefined;
    const install = input.install ?? (origin ? installOf(origin.authorizingIntegrationOwners) : undefined);
    return this.#place(
      { ...input, channelId: input.channelId ?? message.channelId, ...(install ? { install } : {}) },
      origin ? authorizingUser(origin.authorizingIntegrationOwners) : {},
    );
  }

  #create(place: ResolvedPlace, parts: InteractionParts): FakeInteraction {
    const { state, applicationId, clock, payloadContext, messageContentGranted } = this.#dependencies;
    const id = state.nextId();
    const token = `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}${randomBytes(48).toString('base64url')}`;
    const payload: Record<string, unknown> = {
      id,
      application_id: applicationId,
      type: parts.type,
      data: parts.data,
      token,
      version: 1,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...place.fields,
    };
    if (parts.message) payload['message'] = readableMessagePayload(payloadContext, parts.message, messageContentGranted);
    const interaction = new FakeInteraction(
      {
        id,
        token,
        type: parts.type,
        applicationId,
        guildId: place.guildId,
        channelId: place.channel.id,
        userId: place.userId,
        commandName: parts.commandName,
        commandType: parts.commandType,
        componentMessageId: parts.componentMessageId ?? null,
        modalOf: parts.modalOf ?? null,
        dispatchedAt: clock(),
        responseDeadlineMs: this.#dependencies.responseDeadlineMs,
        tokenLifetimeMs: this.#dependencies.tokenLifetimeMs,
        payload,
      },
      state,
    );
    this.#byId.set(id, interaction);
    return interaction;
  }
}

/** The installs an `authorizing_integration_owners` object says. */
function installOf(owners: Record<string, string>): InstallTarget {
  const guild = String(IntegrationType.GuildInstall) in owners;
  const user = String(IntegrationType.UserInstall) in owners;
  return guild && user ? 'both' : user ? 'user' : 'guild';
}

function authorizingUser(owners: Record<string, string>): { authorizingUserId?: string } {
  const userId = owners[String(IntegrationType.UserInstall)];
  return userId ? { authorizingUserId: userId } : {};
}
