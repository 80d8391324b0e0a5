import { ApplicationIntegrationType, OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot needs in a server: see channels and their history (threads and reply chains are
 * read back), write in channels and threads, and open a thread on an answer. Deleting the extra
 * messages of a regenerated answer needs nothing more: they are its own.
 */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.ReadMessageHistory,
]);

/** The two ways to add Cordial, as Discord's OAuth2 install links. */
export interface InviteLinks {
  /** Adds the bot to a server (guild install): the bot user with its permissions, and the commands. */
  server: string;
  /** Adds the app to a person's account (user install): `/ask` and "Ask Cordial" anywhere, answered through the interaction. */
  account: string;
}

/** The install links of application `applicationId` (the Developer Portal must allow both installation contexts). */
export function inviteLinks(applicationId: string): InviteLinks {
  const link = (integrationType: ApplicationIntegrationType, scopes: string[], permissions?: bigint) => {
    const query = new URLSearchParams({ client_id: applicationId, integration_type: String(integrationType), scope: scopes.join(' ') });
    if (permissions !== undefined) query.set('permissions', permissions.toString());
    return `https://discord.com/oauth2/authorize?${query.toString()}`;
  };
  return {
    server: link(ApplicationIntegrationType.GuildInstall, [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands], BOT_PERMISSIONS.bitfield),
    account: link(ApplicationIntegrationType.UserInstall, [OAuth2Scopes.ApplicationsCommands]),
  };
}
