/**
 * The few Discord enums and bit flags the fake needs. Kept here, not imported from discord.js,
 * so the fake states Discord's numbers on its own instead of echoing the library it tests.
 */

/** Gateway intents (IDENTIFY `intents`). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Gateway opcodes. */
export const Opcode = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway close codes the fake uses. */
export const CloseCode = {
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  DisallowedIntents: 4014,
} as const;

/** Channel types. */
export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GroupDM: 3,
  GuildCategory: 4,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

/** Message types. */
export const MessageKind = {
  Default: 0,
  ThreadCreated: 18,
  Reply: 19,
  ChatInputCommand: 20,
  ThreadStarterMessage: 21,
  ContextMenuCommand: 23,
} as const;

/** Message flags. */
export const MessageFlag = {
  HasThread: 1 << 5,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
} as const;

/** Interaction types. */
export const InteractionKind = {
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;

/** Application command types. */
export const CommandKind = {
  ChatInput: 1,
  User: 2,
  Message: 3,
} as const;

/** Component types the fake validates or builds. */
export const ComponentKind = {
  ActionRow: 1,
  Button: 2,
  StringSelect: 3,
  TextInput: 4,
  UserSelect: 5,
  RoleSelect: 6,
  MentionableSelect: 7,
  ChannelSelect: 8,
  TextDisplay: 10,
  Label: 18,
  Checkbox: 23,
} as const;

/** `authorizing_integration_owners` keys: where the app is installed. */
export const IntegrationType = {
  GuildInstall: 0,
  UserInstall: 1,
} as const;

/** Interaction `context`: where it happened. */
export const InteractionContext = {
  Guild: 0,
  BotDM: 1,
  PrivateChannel: 2,
} as const;

/** Interaction callback types. */
export const CallbackKind = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

/** Application command option types. */
export const OptionKind = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Permission bits (as bigint: several are above 2^31). */
export const Permission = {
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** A permission name the fake can grant or deny. */
export type PermissionName = keyof typeof Permission;

/** What an ordinary member may do in a text channel. */
export const MEMBER_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.AddReactions |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads;

/** Sum of every permission bit the fake knows, for Administrator. */
export const ALL_PERMISSIONS = Object.values(Permission).reduce((all, bit) => all | bit, 0n);
