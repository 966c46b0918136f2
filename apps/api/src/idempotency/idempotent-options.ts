export const IDEMPOTENT_OPTIONS = Symbol('idempotent-options');

export interface IdempotentOptions {
  /** Response fields never stored, so a replay leaves them out (a new API key's secret). */
  omitFromReplay?: string[];
}
