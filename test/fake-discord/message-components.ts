/** An interactive component found in a message, and what kind it is. */
export interface FoundComponent {
  type: number;
  customId: string;
  disabled: boolean;
  definition: Record<string, unknown>;
}

/**
 * The component with `customId` among what a message shows: inside its action rows, and inside
 * the containers and sections of a components-v2 message. `undefined` when it shows none.
 */
export function findComponent(components: readonly unknown[], customId: string): FoundComponent | undefined {
  for (const component of walk(components)) {
    if (component['custom_id'] === customId && typeof component['type'] === 'number') {
      return { type: component['type'], customId, disabled: component['disabled'] === true, definition: component };
    }
  }
  return undefined;
}

function* walk(components: readonly unknown[]): Generator<Record<string, unknown>> {
  for (const entry of components) {
    if (entry === null || typeof entry !== 'object') continue;
    const component = entry as Record<string, unknown>;
    yield component;
    if (Array.isArray(component['components'])) yield* walk(component['components']);
    if (component['accessory']) yield* walk([component['accessory']]);
  }
}

/**
 * Whether a person could pick `chosen` in a select: options it has, each once, as many as it
 * allows (a select that is not `required`, in a modal, may also be left empty).
 */
export function checkChoices(
  customId: string,
  options: ReadonlyArray<{ value: string }>,
  chosen: readonly string[],
  rules: { min: number; max: number; required: boolean },
): void {
  for (const value of chosen) {
    if (!options.some((option) => option.value === value)) throw new Error(`fake-discord: select "${customId}" has no option "${value}"`);
  }
  if (new Set(chosen).size !== chosen.length) throw new Error(`fake-discord: select "${customId}" cannot take a value twice`);
  if (chosen.length === 0 && !rules.required) return;
  if (chosen.length < rules.min || chosen.length > rules.max) {
    throw new Error(`fake-discord: select "${customId}" takes ${rules.min}–${rules.max} values, not ${chosen.length}`);
  }
}

/** The rules a message's string select puts on a choice (`required` only counts in modals). */
export function messageSelectRules(definition: Record<string, unknown>): { min: number; max: number; required: boolean } {
  return {
    min: typeof definition['min_values'] === 'number' ? definition['min_values'] : 1,
    max: typeof definition['max_values'] === 'number' ? definition['max_values'] : 1,
    required: true,
  };
}
