import { PermissionFlagsBits, type PermissionsBitField, type SlashCommandStringOption } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/**
 * The `scope:` of `/prompt set|reset` and `/model set|reset`: the server's own setting, or the
 * channel's (for a thread, its parent channel's), which comes before the server's.
 */
export const settingScopes = ['server', 'channel'] as const;

/** One of `settingScopes`. */
export type SettingScope = (typeof settingScopes)[number];

const choiceNames: Record<SettingScope, { en: string; ru: string }> = {
  server: { en: 'this server', ru: 'этот сервер' },
  channel: { en: 'this channel', ru: 'этот канал' },
};

/** The permission each scope takes: Manage Server for the server's setting, Manage Channels for a channel's. */
export const scopePermission: Record<SettingScope, bigint> = {
  server: PermissionFlagsBits.ManageGuild,
  channel: PermissionFlagsBits.ManageChannels,
};

/** Fills in the `scope:` option; `required` false makes the server its default (`/model set` before scopes). */
export function scopeOption(option: SlashCommandStringOption, required: boolean): SlashCommandStringOption {
  return option
    .setName(commandNames.settingScope.en)
    .setNameLocalizations(nameLocalizations('settingScope'))
    .setDescription(required ? 'This server’s own setting, or this channel’s' : 'This server’s own setting (the default), or this channel’s')
    .setDescriptionLocalizations({ ru: required ? 'Настройка сервера или этого канала' : 'Настройка сервера (по умолчанию) или этого канала' })
    .setRequired(required)
    .addChoices(...settingScopes.map((value) => ({ name: choiceNames[value].en, name_localizations: { ru: choiceNames[value].ru }, value })));
}

/** The scope an interaction chose; `undefined` for a value no registration offers (a stale one). */
export function parseScope(value: string | null): SettingScope | undefined {
  if (value === null) return 'server';
  return (settingScopes as readonly string[]).includes(value) ? (value as SettingScope) : undefined;
}

/**
 * Whether a member may change a setting of `scope`. Checked in code on every change, the command's
 * and its modal's, since server admins can open a command to anyone whatever its declared default.
 */
export function mayChangeScope(memberPermissions: Readonly<PermissionsBitField> | null, scope: SettingScope): boolean {
  return memberPermissions?.has(scopePermission[scope]) === true;
}
