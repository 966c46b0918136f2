import type { PrismaClient } from '../../libs/db/src/prisma';
import { hasConsent } from './consent-records';
import { isOptedOut, type ContactChannel } from './do-not-contact';

/** The rules every outbound text and dial is held to. */
export interface ContactPolicy {
  /** Outside production only allow-listed numbers are contacted, so a test run never reaches a real customer. */
  production: boolean;
  allowList: readonly string[];
  /** Attempts per channel to one number in any 24 hours. */
  attemptsPerDay: number;
}

export type ContactSkipReason = 'opted_out' | 'no_consent' | 'not_allow_listed' | 'attempt_cap';

export type ContactCheck = { allowed: true } | { allowed: false; reason: ContactSkipReason; detail: string };

export interface ContactCheckRequest {
  tenantId: string;
  phone: string;
  channel: ContactChannel;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createContactCheckActivities(deps: { db: PrismaClient; policy: ContactPolicy; clock?: () => Date }) {
  const { db, policy } = deps;

  /** Texts handed to Twilio, or dials placed (answered or not), to the number in the last 24 hours. */
  async function recentAttempts(request: ContactCheckRequest, since: Date): Promise<number> {
    const { tenantId, phone } = request;
    if (request.channel === 'sms') {
      return db.smsMessage.count({ where: { tenantId, toNumber: phone, direction: 'OUTBOUND', sentAt: { gte: since } } });
    }
    return db.reminderAttempt.count({ where: { tenantId, phone, dialedAt: { gte: since } } });
  }

  return {
    /**
     * Whether the number may be texted or dialed now. Workflows ask before
     * every attempt, so a STOP that arrives while one waits is respected.
     */
    async checkContactAllowed(request: ContactCheckRequest): Promise<ContactCheck> {
      const { tenantId, phone, channel } = request;
      if (await isOptedOut(db, tenantId, phone, channel)) {
        return { allowed: false, reason: 'opted_out', detail: `${phone} is on the do-not-contact list for ${channel}` };
      }
      if (!(await hasConsent(db, tenantId, phone))) {
        return { allowed: false, reason: 'no_consent', detail: `${phone} has no recorded consent to reminders` };
      }
      if (!policy.production && !policy.allowList.includes(phone)) {
        return { allowed: false, reason: 'not_allow_listed', detail: `${phone} is not on OUTBOUND_ALLOW_LIST (required outside production)` };
      }
      const now = deps.clock?.() ?? new Date();
      const attempts = await recentAttempts(request, new Date(now.getTime() - DAY_MS));
      if (attempts >= policy.attemptsPerDay) {
        return { allowed: false, reason: 'attempt_cap', detail: `${attempts} ${channel} attempts to ${phone} in the last 24 h (cap ${policy.attemptsPerDay})` };
      }
      return { allowed: true };
    },
  };
}
