import type { PrismaClient } from '../../libs/db/src/prisma';
import {
  RECIPIENT_OPTED_OUT_ERROR,
  smsStatusCallbackUrl,
  type SmsFollowUpInput,
  type SmsStatusReport,
} from '../../libs/sms/src/sms-messages';
import { oldestUnclaimed } from '../../libs/telephony/src/lost-requests';
import { TelephonyRejection, type SentMessage, type Telephony } from '../../libs/telephony/src/telephony';
import { addOptOut } from '../consent/do-not-contact';
import { appointmentConfirmations } from './follow-up-texts';
import { isLaterStatus, smsStatusOf } from './provider-status';

export interface SmsFollowUpSettings {
  /** The API's public base URL: status callbacks go to its /twilio/sms-status. */
  publicUrl: string;
  delayMs: number;
}

export type SmsSendOutcome =
  | { outcome: 'sent'; messageSid: string }
  | { outcome: 'rejected'; errorCode?: number; reason: string }
  | { outcome: 'not_sent'; reason: string };

export interface SmsNotSent {
  messageId: string;
  status: 'SKIPPED' | 'FAILED';
  reason: string;
}

/** The text an earlier try of this message handed to Twilio, if Twilio has it: same numbers and body, created since the message was queued. */
async function textSentBy(
  telephony: Telephony,
  message: { toNumber: string; fromNumber: string; body: string; createdAt: Date },
  db: PrismaClient,
): Promise<SentMessage | undefined> {
  const sent = (await telephony.findSentMessages({ to: message.toNumber, from: message.fromNumber, since: message.createdAt })).filter((text) => text.body === message.body);
  if (sent.length === 0) return undefined;
  const claimed = await db.smsMessage.findMany({ where: { providerSid: { in: sent.map((text) => text.sid) } }, select: { providerSid: true } });
  return oldestUnclaimed(sent, claimed.map((row) => row.providerSid));
}

export function createSmsFollowUpActivities(deps: { db: PrismaClient; telephony?: Telephony; settings: SmsFollowUpSettings; clock?: () => Date }) {
  const { db } = deps;
  const now = () => deps.clock?.() ?? new Date();

  return {
    /**
     * The texts a finished call owes: confirmations of what it booked or
     * moved (written here as QUEUED messages), plus the ones its tools queued
     * (a payment link). Null when there is nothing to send. Idempotent.
     */
    async planSmsFollowUp(input: { callSid: string; tenantId: string }): Promise<SmsFollowUpInput | null> {
      const call = await db.call.findUniqueOrThrow({
        where: { callSid: input.callSid },
        include: { tenant: { include: { agentConfig: true } }, toolCalls: { orderBy: { createdAt: 'asc' } } },
      });
      const ourNumber = call.direction === 'INBOUND' ? call.toNumber : call.fromNumber;
      const tenant = { name: call.tenant.name, address: call.tenant.address, timeZone: call.tenant.agentConfig?.timeZone ?? 'UTC' };
      const confirmations = await appointmentConfirmations(db, { tenant, toolCalls: call.toolCalls });
      await db.smsMessage.createMany({
        data: confirmations.map((text) => ({
          tenantId: input.tenantId,
          callSid: call.callSid,
          toNumber: text.to,
          fromNumber: ourNumber,
          body: text.body,
          status: 'QUEUED' as const,
          sourceKey: `confirm:${call.callSid}:${text.appointmentId}`,
        })),
        skipDuplicates: true,
      });
      const queued = await db.smsMessage.findMany({
        where: { callSid: call.callSid, direction: 'OUTBOUND', status: 'QUEUED' },
        orderBy: { createdAt: 'asc' },
        select: { id: true, toNumber: true },
      });
      if (queued.length === 0) return null;
      return {
        tenantId: input.tenantId,
        callSid: call.callSid,
        messages: queued.map((message) => ({ messageId: message.id, to: message.toNumber })),
        delayMs: deps.settings.delayMs,
      };
    },

    /**
     * Hands a QUEUED message to Twilio, with a status callback that the API
     * forwards to `statusWorkflowId` (the sending workflow). Twilio's refusals are outcomes, never retried; 21610 (the
     * recipient replied STOP to Twilio) also puts the number on our list.
     * A network error is thrown and retried. A try that died after asking
     * Twilio (it set `sentAt`) leaves the retry to look for that text at
     * Twilio first and adopt it: a crash between Twilio's answer and our
     * write does not send it twice.
     */
    async sendQueuedSms(input: { messageId: string; statusWorkflowId: string }): Promise<SmsSendOutcome> {
      const message = await db.smsMessage.findUniqueOrThrow({ where: { id: input.messageId } });
      if (message.providerSid) return { outcome: 'sent', messageSid: message.providerSid };
      if (message.status !== 'QUEUED') return { outcome: 'not_sent', reason: message.skipReason ?? message.status.toLowerCase() };
      const { telephony } = deps;
      if (!telephony) {
        await db.smsMessage.update({ where: { id: message.id }, data: { status: 'SKIPPED', skipReason: 'telephony_not_configured' } });
        return { outcome: 'not_sent', reason: 'telephony_not_configured' };
      }

      if (message.sentAt) {
        const earlier = await textSentBy(telephony, message, db);
        if (earlier) {
          await db.smsMessage.update({ where: { id: message.id }, data: { providerSid: earlier.sid, providerStatus: earlier.status, status: smsStatusOf(earlier.status) } });
          return { outcome: 'sent', messageSid: earlier.sid };
        }
      }

      // Counted as an attempt from here on, whatever happens next.
      await db.smsMessage.update({ where: { id: message.id }, data: { sentAt: now() } });
      try {
        const sent = await telephony.sendSms({
          to: message.toNumber,
          from: message.fromNumber,
          body: message.body,
          statusCallback: smsStatusCallbackUrl(deps.settings.publicUrl, input.statusWorkflowId),
        });
        await db.smsMessage.update({
          where: { id: message.id },
          data: { providerSid: sent.sid, providerStatus: sent.status, status: smsStatusOf(sent.status) },
        });
        return { outcome: 'sent', messageSid: sent.sid };
      } catch (error) {
        if (!(error instanceof TelephonyRejection)) throw error;
        await db.$transaction(async (tx) => {
          await tx.smsMessage.update({ where: { id: message.id }, data: { status: 'FAILED', providerStatus: 'failed', errorCode: error.code ?? null } });
          if (error.code === RECIPIENT_OPTED_OUT_ERROR) {
            await addOptOut(tx, { tenantId: message.tenantId, phone: message.toNumber, channel: 'all', source: 'twilio_21610' });
          }
        });
        return { outcome: 'rejected', errorCode: error.code, reason: error.message };
      }
    },

    /** A message the workflow decided not to send (a contact check said no), or gave up on. */
    async recordSmsNotSent(input: SmsNotSent): Promise<void> {
      await db.smsMessage.updateMany({ where: { id: input.messageId, status: 'QUEUED' }, data: { status: input.status, skipReason: input.reason } });
    },

    /** Applies a status callback unless a later status is already known; an async 21610 opts the number out. */
    async recordSmsStatus(report: SmsStatusReport): Promise<void> {
      const message = await db.smsMessage.findUnique({ where: { providerSid: report.messageSid } });
      if (!message) return;
      await db.$transaction(async (tx) => {
        if (isLaterStatus(report.status, message.providerStatus)) {
          await tx.smsMessage.update({
            where: { id: message.id },
            data: { providerStatus: report.status, status: smsStatusOf(report.status), errorCode: report.errorCode ?? message.errorCode },
          });
        }
        if (report.errorCode === RECIPIENT_OPTED_OUT_ERROR) {
          await addOptOut(tx, { tenantId: message.tenantId, phone: message.toNumber, channel: 'all', source: 'twilio_21610' });
        }
      });
    },
  };
}
