/** The fake Discord for end-to-end tests: see README.md. */
export { FakeDiscord, type FakeDiscordOptions, type MessageFilter, type UserMessageInput } from './fake-discord.ts';
export { FakeInteraction, type InteractionResponse } from './interaction.ts';
export type {
  AutocompleteInput,
  ButtonClickInput,
  InstallTarget,
  InteractionPlace,
  MessageCommandInput,
  ModalSubmitInput,
  OptionInput,
  SelectOptionInput,
  SlashCommandInput,
} from './interaction-factory.ts';
export type { ModalField, RecordedModal } from './modal-input.ts';
export type { ModalValue } from './modal-submission.ts';
export type { RegisteredCommand } from './commands.ts';
export { DEFAULT_IDS, type DefaultSeed, type SeededGuild, type SeedGuildInput } from './seed.ts';
export { DEFAULT_BUCKETS, type BucketRule, type RateLimitOptions } from './rate-limiter.ts';
export { latestVersion } from './state.ts';
export { Intent, MessageFlag, Permission, type PermissionName } from './constants.ts';
export type { FakeEvent } from './events.ts';
export type { FakeChannel, FakeGuild, FakeUser, MessageDeletion, MessageVersion, RecordedRequest, StoredMessage } from './types.ts';
