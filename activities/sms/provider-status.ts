import { SmsStatus } from '../../libs/db/src/prisma';

/**
 * Twilio's message statuses in the order a message goes through them.
 * Callbacks can arrive out of order; a status never replaces a later one.
 */
const PROVIDER_STATUS_RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

const STATUS_OF: Record<string, SmsStatus> = {
  delivered: SmsStatus.DELIVERED,
  read: SmsStatus.DELIVERED,
  undelivered: SmsStatus.UNDELIVERED,
  failed: SmsStatus.FAILED,
  canceled: SmsStatus.FAILED,
};

/** Our status for a message Twilio took: SENT until its fate is known. */
export const smsStatusOf = (providerStatus: string): SmsStatus => STATUS_OF[providerStatus] ?? SmsStatus.SENT;

/** Whether `next` tells more than `current` (an unknown status never does). */
export function isLaterStatus(next: string, current: string | null): boolean {
  const rank = PROVIDER_STATUS_RANK[next];
  return rank !== undefined && (current === null || rank > (PROVIDER_STATUS_RANK[current] ?? -1));
}
