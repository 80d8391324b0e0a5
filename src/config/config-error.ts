/** A configuration value is missing or wrong; the message is one line naming the variable. */
export class ConfigError extends Error {
  /** The environment variable at fault. */
  readonly variable: string;

  constructor(variable: string, expected: string) {
    super(`${variable}: ${expected}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}
