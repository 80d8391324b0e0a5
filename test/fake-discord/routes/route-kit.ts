import type { CommandRegistry } from '../commands.ts';
import { ChannelKind, Permission } from '../constants.ts';
import { discordErrors } from '../errors.ts';
import { botCanSee } from '../channel-access.ts';
import type { FakeEventBus } from '../events.ts';
import type { InteractionRegistry } from '../interaction-factory.ts';
import type { UploadedFile } from '../message-input.ts';
import type { PayloadContext } from '../payloads.ts';
import type { Router } from '../router.ts';
import type { FakeState } from '../state.ts';
import type { FakeChannel, FakeUser } from '../types.ts';

/** A parsed request as route handlers see it. */
export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (`payload_json` for multipart), `null` when empty. */
  body: unknown;
  files: UploadedFile[];
  /** The matched template, recorded on every message version it produces. */
  route: string;
}

/** What a handler answers: a status and an optional JSON body. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResult;
export type FakeRouter = Router<RouteHandler>;

/** The parts of the fake that route handlers use. */
export interface FakeServices {
  state: FakeState;
  events: FakeEventBus;
  commands: CommandRegistry;
  interactions: InteractionRegistry;
  payloadContext: PayloadContext;
  bot: FakeUser;
  applicationId: string;
  clock: () => number;
  /** Whether the application has the Message Content intent approved (REST blanks content otherwise). */
  messageContentGranted: boolean;
  gatewayUrl: () => string;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const noContent = (): RouteResult => ({ status: 204 });

/**
 * The bot can see the channel at all (50001 otherwise): its own DMs always; private channels
 * between people and channels of guilds it is not in never, whatever a user install allows.
 */
export function requireBotAccess(services: FakeServices, channel: FakeChannel): void {
  if (!botCanSee(services.state, channel, services.bot.id)) throw discordErrors.missingAccess();
  if (!channel.guildId) return;
  const permissions = services.state.permissionsIn(services.bot.id, channel.id, channel.guildId);
  if ((permissions & Permission.ViewChannel) === 0n) throw discordErrors.missingAccess();
}

/** The bot has `permission` in the channel (50013 otherwise); DMs always. */
export function requireBotPermission(services: FakeServices, channel: FakeChannel, permission: bigint): void {
  requireBotAccess(services, channel);
  if (!channel.guildId) return;
  const permissions = services.state.permissionsIn(services.bot.id, channel.id, channel.guildId);
  if ((permissions & permission) !== permission) throw discordErrors.missingPermissions();
}

/** Whether the bot has `permission` in the channel (a channel it cannot see: none). */
export function botHas(services: FakeServices, channel: FakeChannel, permission: bigint): boolean {
  if (!botCanSee(services.state, channel, services.bot.id)) return false;
  if (!channel.guildId) return true;
  return (services.state.permissionsIn(services.bot.id, channel.id, channel.guildId) & permission) === permission;
}

/** Text channels, threads and DMs hold messages; categories do not. */
export function requireTextChannel(channel: FakeChannel): void {
  if (channel.type === ChannelKind.GuildCategory) throw discordErrors.wrongChannelType();
}
