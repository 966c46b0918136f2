import { classifyFailure, tryAgainInMs } from '../../../libs/realtime/src/openai/server-failures';

describe('what a Realtime server failure calls for', () => {
  it('reads the wait out of a rate-limit message, in seconds, milliseconds or minutes and seconds', () => {
    expect(tryAgainInMs('Rate limit reached for gpt-realtime … on tokens per min (TPM): Limit 40000. Please try again in 1.5s. Visit …')).toBe(1_500);
    expect(tryAgainInMs('Please try again in 20ms.')).toBe(20);
    expect(tryAgainInMs('… on requests per day (RPD): Limit 1000, Used 1000, Requested 1. Please try again in 1m26.4s. Visit …')).toBe(86_400);
    expect(tryAgainInMs("We're currently processing too many requests — please try again later.")).toBeUndefined();
  });

  it('restarts on a server_error, retries a rate limit (OpenAI and Azure codes), and leaves anything else to the caller', () => {
    expect(classifyFailure({ type: 'server_error' })).toEqual({ kind: 'server_error' });
    expect(classifyFailure({ type: 'tokens', code: 'rate_limit_exceeded', message: 'Please try again in 2s.' })).toEqual({ kind: 'rate_limited', waitMs: 2_000 });
    expect(classifyFailure({ type: 'invalid_request_error', code: 'inference_rate_limit_exceeded', message: 'please try again later.' })).toEqual({ kind: 'rate_limited', waitMs: undefined });
    expect(classifyFailure({ type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota' })).toEqual({ kind: 'unrecoverable' });
    expect(classifyFailure(undefined)).toEqual({ kind: 'other' });
  });
});
