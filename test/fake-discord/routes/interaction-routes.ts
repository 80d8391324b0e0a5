import { CallbackKind, CommandKind, InteractionKind, MessageFlag, MessageKind } from '../constants.ts';
import { discordErrors, invalidFormBody } from '../errors.ts';
import type { FakeInteraction } from '../interaction.ts';
import { parseMessageEdit, parseNewMessage } from '../message-input.ts';
import { parseModal } from '../modal-input.ts';
import { messagePayload } from '../payloads.ts';
import { latestVersion } from '../state.ts';
import type { StoredMessage } from '../types.ts';
import { applyEdit, requireWritableThread } from './message-routes.ts';
import { noContent, ok, type FakeRouter, type FakeServices, type RouteRequest } from './route-kit.ts';

const MAX_AUTOCOMPLETE_CHOICES = 25;
/** Follow-ups of an interaction only a user install authorizes (Discord's documented limit). */
const MAX_USER_INSTALL_FOLLOW_UPS = 5;

/**
 * The interaction callback and the interaction webhook routes (`@original`, follow-ups), with
 * Discord's clocks: the first answer within the response deadline (else 10062), one answer only
 * (40060), webhook routes until the token expires (then 50027).
 */
export function registerInteractionRoutes(router: FakeRouter, services: FakeServices): void {
  const { state, interactions, clock } = services;

  router.add('POST /interactions/:interactionId/:token/callback', 'none', (request) => {
    const interaction = interactions.byId(request.params['interactionId'] ?? '');
    if (!interaction || interaction.token !== request.params['token']) throw discordErrors.unknownInteraction();
    if (interaction.acknowledged) throw discordErrors.alreadyAcknowledged();
    const now = clock();
    if (now > interaction.respondBy) throw discordErrors.unknownInteraction();
    const callback = (request.body ?? {}) as { type?: unknown; data?: unknown };
    const type = typeof callback.type === 'number' ? callback.type : -1;
    requireCallbackAllowed(interaction, type);
    const messageId = respond(services, interaction, type, callback.data, request);
    interaction.responses.push({ type, data: callback.data ?? null, at: now });
    services.events.report({ type: 'interactionResponse', interaction });
    if (request.query.get('with_response') !== 'true') return noContent();
    const message = messageId ? state.messages.get(messageId) : undefined;
    return ok({
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: messageId,
        response_message_loading: type === CallbackKind.DeferredChannelMessageWithSource,
        response_message_ephemeral: interaction.ephemeral,
      },
      resource: {
        type,
        ...(message && type !== CallbackKind.DeferredUpdateMessage ? { message: messagePayload(services.payloadContext, message) } : {}),
      },
    });
  });

  /** The interaction behind a webhook URL, while its token lives. */
  const liveInteraction = (request: RouteRequest): FakeInteraction => {
    const interaction = interactions.byToken(request.params['token'] ?? '');
    if (!interaction || clock() >= interaction.tokenExpiresAt) throw discordErrors.invalidWebhookToken();
    if (interaction.applicationId !== request.params['applicationId']) throw discordErrors.unknownWebhook();
    return interaction;
  };

  /** `@original` or one of the interaction's follow-ups; 10008 for anything else. */
  const targetMessage = (interaction: FakeInteraction, messageId: string): StoredMessage => {
    const id = messageId === '@original' ? interaction.originalMessageId : messageId;
    const belongs = id !== null && (id === interaction.originalMessageId || interaction.followUpIds.includes(id));
    if (!belongs) throw discordErrors.unknownMessage();
    return state.requireMessage(id);
  };

  router.add('GET /webhooks/:applicationId/:token/messages/:messageId', 'none', (request) => {
    const interaction = liveInteraction(request);
    return ok(messagePayload(services.payloadContext, targetMessage(interaction, request.params['messageId'] ?? '')));
  });

  router.add('PATCH /webhooks/:applicationId/:token/messages/:messageId', 'none', (request) => {
    const interaction = liveInteraction(request);
    const message = targetMessage(interaction, request.params['messageId'] ?? '');
    requireWritableThread(services, state.requireChannel(message.channelId));
    const change = applyEdit(message, parseMessageEdit(request.body, request.files, state.nextId));
    state.editMessage(message.id, change, request.route);
    return ok(messagePayload(services.payloadContext, message));
  });

  router.add('DELETE /webhooks/:applicationId/:token/messages/:messageId', 'none', (request) => {
    const interaction = liveInteraction(request);
    const message = targetMessage(interaction, request.params['messageId'] ?? '');
    state.deleteMessage(message.id, { byBot: true, route: request.route });
    return noContent();
  });

  router.add('POST /webhooks/:applicationId/:token', 'none', (request) => {
    const interaction = liveInteraction(request);
    if (!interaction.acknowledged || interaction.isAutocomplete) throw discordErrors.unknownWebhook();
    // where only a user install authorizes it (the bot is not there), Discord allows 5 follow-ups
    if (interaction.onlyUserInstalled && interaction.followUpCount >= MAX_USER_INSTALL_FOLLOW_UPS) throw discordErrors.tooManyFollowUps();
    const draft = parseNewMessage(request.body, request.files, state.nextId, { allowEphemeral: true });
    const original = interaction.originalMessage();
    let message: StoredMessage;
    if (original && !original.deleted && (latestVersion(original).flags & MessageFlag.Loading) !== 0) {
      // Discord's rule: the first follow-up after a deferral replaces the "thinking…" message,
      // and keeps the ephemerality chosen at defer time
      message = state.editMessage(original.id, applyEdit(original, draft), request.route);
    } else {
      message = state.createMessage({
        ...draft,
        channelId: interaction.channelId,
        authorId: services.bot.id,
        type: MessageKind.Default,
        webhookId: interaction.applicationId,
        interactionId: interaction.id,
        route: request.route,
      });
      interaction.followUpIds.push(message.id);
    }
    interaction.followUpCount += 1;
    if (request.query.get('wait') !== 'true') return noContent();
    return ok(messagePayload(services.payloadContext, message));
  });
}

/**
 * Callback types each interaction type accepts (Discord answers 400 for the others): a modal (9)
 * answers commands and components only, never an autocomplete or a modal submit; updating a
 * message (6, 7) needs one, so a modal submit may only when its modal came from a component.
 */
function requireCallbackAllowed(interaction: FakeInteraction, type: number): void {
  const reply = [CallbackKind.ChannelMessageWithSource, CallbackKind.DeferredChannelMessageWithSource];
  const update = [CallbackKind.DeferredUpdateMessage, CallbackKind.UpdateMessage];
  const allowed: number[] =
    interaction.type === InteractionKind.Autocomplete
      ? [CallbackKind.AutocompleteResult]
      : interaction.type === InteractionKind.MessageComponent
        ? [...reply, ...update, CallbackKind.Modal]
        : interaction.type === InteractionKind.ModalSubmit
          ? [...reply, ...(interaction.componentMessageId ? update : [])]
          : [...reply, CallbackKind.Modal];
  if (!allowed.includes(type)) {
    throw invalidFormBody({ type: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid.' }] });
  }
}

/** Applies an accepted callback; returns the id of the message it created or changed. */
function respond(services: FakeServices, interaction: FakeInteraction, type: number, data: unknown, request: RouteRequest): string | null {
  const { state } = services;
  const newReply = (draftData: unknown, loading: boolean): string => {
    const draft = loading
      ? { content: '', embeds: [], components: [], attachments: [], allowedMentions: null, flags: readFlags(draftData) & MessageFlag.Ephemeral }
      : parseNewMessage(draftData, request.files, state.nextId, { allowEphemeral: true });
    const flags = draft.flags | (loading ? MessageFlag.Loading : 0);
    const message = state.createMessage({
      ...draft,
      flags,
      channelId: interaction.channelId,
      authorId: services.bot.id,
      type: replyType(interaction),
      webhookId: interaction.applicationId,
      interactionId: interaction.id,
      route: request.route,
    });
    interaction.ephemeral = (flags & MessageFlag.Ephemeral) !== 0;
    interaction.originalMessageId = message.id;
    return message.id;
  };

  switch (type) {
    case CallbackKind.ChannelMessageWithSource:
      return newReply(data, false);
    case CallbackKind.DeferredChannelMessageWithSource:
      return newReply(data, true);
    case CallbackKind.DeferredUpdateMessage:
      interaction.originalMessageId = interaction.componentMessageId;
      return interaction.componentMessageId;
    case CallbackKind.UpdateMessage: {
      const messageId = interaction.componentMessageId ?? '';
      const message = state.requireMessage(messageId);
      state.editMessage(message.id, applyEdit(message, parseMessageEdit(data, request.files, state.nextId)), request.route);
      interaction.originalMessageId = message.id;
      return message.id;
    }
    case CallbackKind.AutocompleteResult: {
      const choices = (data as { choices?: unknown } | null)?.choices;
      if (!Array.isArray(choices) || choices.length > MAX_AUTOCOMPLETE_CHOICES) {
        throw invalidFormBody({ 'data.choices': [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_AUTOCOMPLETE_CHOICES} or fewer in length.` }] });
      }
      for (const [index, choice] of choices.entries()) {
        const name = (choice as { name?: unknown } | null)?.name;
        if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
          throw invalidFormBody({ [`data.choices.${index}.name`]: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] });
        }
      }
      interaction.autocompleteChoices = choices as Array<{ name: string; value: string | number }>;
      return null;
    }
    case CallbackKind.Modal:
      interaction.modal = parseModal(data);
      return null;
    default:
      throw invalidFormBody({ type: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is invalid.' }] });
  }
}

/** The message type of a reply: 20 for a slash command's, 23 for a context menu command's, 0 otherwise. */
function replyType(interaction: FakeInteraction): number {
  if (interaction.type !== InteractionKind.ApplicationCommand) return MessageKind.Default;
  return interaction.commandType === CommandKind.ChatInput ? MessageKind.ChatInputCommand : MessageKind.ContextMenuCommand;
}

function readFlags(data: unknown): number {
  const flags = (data as { flags?: unknown } | null)?.flags;
  return typeof flags === 'number' ? flags : 0;
}
