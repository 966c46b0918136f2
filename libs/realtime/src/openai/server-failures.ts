/** What a failed response or an `error` event asks of the session: a new connection, a later retry, a person at once, or nothing. */
export type ServerFailure = { kind: 'server_error' } | { kind: 'rate_limited'; waitMs: number | undefined } | { kind: 'unrecoverable' } | { kind: 'other' };

/** OpenAI's code, and Azure OpenAI's for the same thing. */
const RATE_LIMIT_CODES = new Set(['rate_limit_exceeded', 'inference_rate_limit_exceeded']);
/** The organization's quota is spent (billing): no retry and no new connection will answer the caller. */
const UNRECOVERABLE_CODES = new Set(['insufficient_quota']);

/**
 * What an `error` event's details, or a failed response's
 * `status_details.error` (whose `message` the wire carries though the SDK's
 * type leaves it out), call for.
 */
export function classifyFailure(error: { type?: string; code?: string | null; message?: string } | undefined): ServerFailure {
  if (error?.type === 'server_error') return { kind: 'server_error' };
  if (error?.code && RATE_LIMIT_CODES.has(error.code)) return { kind: 'rate_limited', waitMs: tryAgainInMs(error.message ?? '') };
  if (error?.code && UNRECOVERABLE_CODES.has(error.code)) return { kind: 'unrecoverable' };
  return { kind: 'other' };
}

/** "Please try again in 1.5s" (or 20ms, 1m26.4s), as OpenAI's rate-limit messages say; undefined when the message names no wait. */
export function tryAgainInMs(message: string): number | undefined {
  const match = /try again in (?:(\d+)m)?(\d+(?:\.\d+)?)(ms|s)\b/.exec(message);
  if (!match) return undefined;
  const [, minutes = '0', amount, unit] = match;
  return Math.round(Number(minutes) * 60_000 + Number(amount) * (unit === 'ms' ? 1 : 1_000));
}
