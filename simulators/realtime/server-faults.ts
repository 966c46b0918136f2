/**
 * Errors the Realtime server raises on its own, not about a client event
 * (protocols.md §3.6, §3.8): an `error` event's details, or what a failed
 * response's `status_details.error` carries.
 */
export interface ServerFault {
  type: string;
  code: string | null;
  message: string;
  param: null;
}

/** OpenAI's internal error, worded as its API words it. */
export const SERVER_ERROR: ServerFault = {
  type: 'server_error',
  code: null,
  message:
    'The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if the error persists.',
  param: null,
};

/** The organization's tokens-per-minute limit is reached: the message says when to try again, as OpenAI's does. */
export function rateLimitExceeded(tryAgainInSeconds: number): ServerFault {
  return {
    type: 'tokens',
    code: 'rate_limit_exceeded',
    message: `Rate limit reached for gpt-realtime in organization org-simulator on tokens per min (TPM): Limit 40000, Used 39500, Requested 1200. Please try again in ${tryAgainInSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    param: null,
  };
}

/** The organization has used up its quota (billing), worded as OpenAI's API words it. */
export const INSUFFICIENT_QUOTA: ServerFault = {
  type: 'insufficient_quota',
  code: 'insufficient_quota',
  message:
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  param: null,
};
