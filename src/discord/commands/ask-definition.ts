import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { commandNames, nameLocalizations } from '../../i18n/command-names.ts';

/** The hard cap Discord puts on a string option; `MAX_PROMPT_LENGTH` is checked in code. */
export const promptOptionMaxLength = 6000;

/**
 * `/ask prompt [model] [private] [image]`, with Russian names and descriptions. Installable on a
 * server and on a person's account: a user install offers it anywhere (servers the bot is not
 * in, group DMs, DMs between people), where the answer can only go through the interaction.
 */
export const askDefinition = new SlashCommandBuilder()
  .setName(commandNames.ask.en)
  .setNameLocalizations(nameLocalizations('ask'))
  .setDescription('Ask a language model; the answer streams in and continues as a thread')
  .setDescriptionLocalizations({ ru: 'Спросить языковую модель; ответ пишется на глазах и продолжается в ветке' })
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .addStringOption((option) =>
    option
      .setName(commandNames.askPrompt.en)
      .setNameLocalizations(nameLocalizations('askPrompt'))
      .setDescription('Your question or request')
      .setDescriptionLocalizations({ ru: 'Ваш вопрос или просьба' })
      .setRequired(true)
      .setMaxLength(promptOptionMaxLength),
  )
  .addStringOption((option) =>
    option
      .setName(commandNames.askModel.en)
      .setNameLocalizations(nameLocalizations('askModel'))
      .setDescription('The model to use, e.g. openai/gpt-4o-mini (default: this server’s model)')
      .setDescriptionLocalizations({ ru: 'Модель, например openai/gpt-4o-mini (по умолчанию — модель сервера)' })
      .setAutocomplete(true),
  )
  .addBooleanOption((option) =>
    option
      .setName(commandNames.askPrivate.en)
      .setNameLocalizations(nameLocalizations('askPrivate'))
      .setDescription('Only you see the answer (no thread)')
      .setDescriptionLocalizations({ ru: 'Ответ увидите только вы (без ветки)' }),
  )
  // any file: an image goes to models that can see, a text file is read, anything else is named
  .addAttachmentOption((option) =>
    option
      .setName(commandNames.askImage.en)
      .setNameLocalizations(nameLocalizations('askImage'))
      .setDescription('An image (or a text file) for the model to look at')
      .setDescriptionLocalizations({ ru: 'Изображение (или текстовый файл), на которое посмотрит модель' }),
  );
