import { ApplicationFailure } from '@temporalio/common';
import { AgentConfigError } from '../../libs/agent-config/src/agent-config';
import type { CallbackAction, CallbackRequest, CallbackSettings } from '../../libs/callbacks/src/callback-messages';
import { readContactHours } from '../../libs/contact-hours/src/contact-hours-schema';
import { CallbackAction as StoredCallbackAction, type PrismaClient } from '../../libs/db/src/prisma';
import type { QueuedSms } from '../../libs/sms/src/sms-messages';
import { tenantSenderNumber } from '../sms/sender-number';
import { callbackStaffText } from '../sms/sms-texts';
import { loadTenantProfile } from '../tools/tenant-profile';
import { transferTarget } from '../transfers/call-transfers';

const ACTION_OF: Record<StoredCallbackAction, CallbackAction> = {
  [StoredCallbackAction.SMS_STAFF]: 'sms_staff',
  [StoredCallbackAction.AI_CALL]: 'ai_call',
  [StoredCallbackAction.BOTH]: 'both',
};

export type CallbackEnd = { status: 'COMPLETED' | 'FAILED' | 'CANCELLED'; outcome: string };

/** The staff text to send, or why there is none. */
export type StaffText = { queued: true; sms: QueuedSms } | { queued: false; reason: 'no_staff_number' | 'no_sender_number' };

export function createCallbackActivities(deps: { db: PrismaClient; clock?: () => Date }) {
  const { db } = deps;
  const now = () => deps.clock?.() ?? new Date();

  return {
    /**
     * Records the callback (the request_callback tool wrote it already; a
     * REST request has it written here) and reads the tenant's settings it is
     * scheduled and carried out by. Idempotent.
     */
    async recordCallbackRequest(request: CallbackRequest): Promise<CallbackSettings> {
      await db.callback.upsert({
        where: { id: request.callbackId },
        update: {},
        create: {
          id: request.callbackId,
          tenantId: request.tenantId,
          callSid: request.callSid ?? null,
          phone: request.phone,
          name: request.name ?? null,
          reason: request.reason,
          notes: request.notes ?? null,
          requestedFor: request.requestedAt ? new Date(request.requestedAt) : null,
          sourceKey: `${request.source}:${request.callbackId}`,
        },
      });
      const profile = await loadTenantProfile(db, request.tenantId);
      const config = await db.agentConfig.findUniqueOrThrow({ where: { tenantId: request.tenantId }, select: { contactHours: true, callbackAction: true } });
      try {
        return {
          timeZone: profile.timeZone,
          businessHours: profile.businessHours,
          contactHours: readContactHours(request.tenantId, config.contactHours),
          action: ACTION_OF[config.callbackAction],
        };
      } catch (error) {
        if (error instanceof AgentConfigError) throw ApplicationFailure.nonRetryable(error.message, error.name);
        throw error;
      }
    },

    /** The callback waits for `dueAt` (first scheduled, or moved). */
    async recordCallbackScheduled(input: { callbackId: string; requestedAt?: string; dueAt: string }): Promise<void> {
      await db.callback.update({
        where: { id: input.callbackId },
        data: { status: 'SCHEDULED', dueAt: new Date(input.dueAt), ...(input.requestedAt && { requestedFor: new Date(input.requestedAt) }) },
      });
    },

    async recordCallbackFinished(input: { callbackId: string } & CallbackEnd): Promise<void> {
      await db.callback.update({ where: { id: input.callbackId }, data: { status: input.status, outcome: input.outcome, finishedAt: now() } });
    },

    /**
     * Queues the text asking the staff member on duty (the tenant's primary
     * transfer number: callbacks fall due in business hours) to return the
     * call. One message per callback, however often this runs.
     */
    async queueCallbackStaffText(input: { callbackId: string }): Promise<StaffText> {
      const callback = await db.callback.findUniqueOrThrow({ where: { id: input.callbackId } });
      const profile = await loadTenantProfile(db, callback.tenantId);
      const staff = transferTarget(profile.transferNumbers, 'primary');
      if (!staff) return { queued: false, reason: 'no_staff_number' };
      const from = await tenantSenderNumber(db, callback.tenantId);
      if (!from) return { queued: false, reason: 'no_sender_number' };
      const message = await db.smsMessage.upsert({
        where: { sourceKey: `callback-staff:${callback.id}` },
        update: {},
        create: {
          tenantId: callback.tenantId,
          toNumber: staff,
          fromNumber: from,
          body: callbackStaffText({
            business: profile.name,
            phone: callback.phone,
            name: callback.name ?? undefined,
            reason: callback.reason,
            notes: callback.notes ?? undefined,
          }),
          status: 'QUEUED',
          sourceKey: `callback-staff:${callback.id}`,
        },
      });
      return { queued: true, sms: { messageId: message.id, to: message.toNumber, recipient: 'staff' } };
    },
  };
}
