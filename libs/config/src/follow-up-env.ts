import { msToNumber } from '@temporalio/common';
import { z } from 'zod';

const E164 = /^\+[1-9]\d{6,14}$/;

/** "0s,5s,5m,…": durations in Temporal's format (ms, s, m, h), one per delivery attempt. */
export function parseDurationList(value: string): number[] {
  return value.split(',').map((item) => msToNumber(item.trim() as never));
}

function isDurationList(value: string): boolean {
  try {
    return parseDurationList(value).every((ms) => Number.isFinite(ms) && ms >= 0);
  } catch {
    return false;
  }
}

/**
 * What the worker's after-call work reads: who may be contacted, when a
 * follow-up text goes out, how CRM deliveries are retried. Durations are
 * settings so tests can run them in milliseconds.
 */
export const FollowUpEnvSchema = z.object({
  /** `production` lifts the allow-list below. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The API's public base URL as Twilio calls it (webhook signatures and status callbacks use it). */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  /** Outside production, the only numbers that get texts or calls: comma-separated E.164. */
  OUTBOUND_ALLOW_LIST: z
    .string()
    .default('')
    .refine((value) => allowListOf(value).every((number) => E164.test(number)), 'expected comma-separated E.164 numbers like +15551234567'),
  /** Attempts per channel to one number in any 24 hours, after which further ones are skipped. */
  CONTACT_ATTEMPTS_PER_DAY: z.coerce.number().int().min(1).default(3),
  /**
   * Dials per second for the whole Twilio account (its calls-per-second, 1 by
   * default): every campaign, callback and redial shares it. 0 turns pacing off.
   */
  TWILIO_CALLS_PER_SECOND: z.coerce.number().min(0).default(1),
  /** How long after the call its follow-up text waits (a durable timer). */
  SMS_FOLLOW_UP_DELAY_SECONDS: z.coerce.number().min(0).default(60),
  /** The wait before each CRM delivery attempt; about 8 attempts over 27 hours by default. */
  CRM_SYNC_RETRY_SCHEDULE: z.string().default('0s,5s,5m,30m,2h,5h,10h,10h').refine(isDurationList, 'expected comma-separated durations like 0s,5s,5m,2h'),
  /** Each CRM delivery attempt gives up after this long. */
  CRM_SYNC_ATTEMPT_TIMEOUT_SECONDS: z.coerce.number().positive().default(15),
});

export function allowListOf(value: string): string[] {
  return value
    .split(',')
    .map((number) => number.trim())
    .filter(Boolean);
}

export type FollowUpEnv = z.infer<typeof FollowUpEnvSchema>;
