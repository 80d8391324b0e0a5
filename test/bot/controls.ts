/** Reading the controls the bot put under its messages, as a person's client shows them. */
import { latestVersion, type StoredMessage } from '../fake-discord/index.ts';

export const STOP = 'cordial:stop';
export const REGENERATE = 'cordial:regenerate';
export const REGENERATE_WITH = 'cordial:regenerate-with';
export const REASONING_PREFIX = 'cordial:reasoning:';

interface Component {
  type: number;
  custom_id: string;
  label?: string;
  options?: Array<{ value: string }>;
}

function componentsOf(message: StoredMessage): Component[] {
  const rows = (latestVersion(message).components ?? []) as Array<{ components: Component[] }>;
  return rows.flatMap((row) => row.components);
}

/** The buttons a message shows now (selects left out): custom id and label. */
export function buttonsOf(message: StoredMessage): Array<{ customId: string; label: string }> {
  return componentsOf(message)
    .filter((component) => component.type === 2)
    .map((button) => ({ customId: button.custom_id, label: button.label ?? '' }));
}

/** The models the "regenerate with" select offers under a message, or `undefined` when it shows none. */
export function regenerateChoicesOf(message: StoredMessage): string[] | undefined {
  const select = componentsOf(message).find((component) => component.type === 3 && component.custom_id === REGENERATE_WITH);
  return select?.options?.map((option) => option.value);
}

/** Whether the message shows the Reasoning button. */
export function hasReasoningButton(message: StoredMessage): boolean {
  return buttonsOf(message).some((button) => button.customId.startsWith(REASONING_PREFIX));
}
