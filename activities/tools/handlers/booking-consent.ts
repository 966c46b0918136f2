import { REMINDER_CONSENT_WORDING } from '../../../libs/tools/src/packs/reminder-consent';
import { recordConsent } from '../../consent/consent-records';
import type { ToolContext } from '../tool-context';

/** A booking's number consents to its confirmation and reminders, in the words the agent said (the tool's description). */
export function recordBookingConsent(ctx: ToolContext, phone: string): Promise<void> {
  return recordConsent(ctx.db, {
    tenantId: ctx.tenant.id,
    phone,
    source: 'booking',
    wording: REMINDER_CONSENT_WORDING,
    grantedAt: ctx.now,
    callSid: ctx.callSid,
    sourceKey: ctx.toolCallId,
  });
}
