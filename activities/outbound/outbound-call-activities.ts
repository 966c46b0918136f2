import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_CONTACT_HOURS } from '../../libs/contact-hours/src/contact-hours';
import { ContactHoursSchema } from '../../libs/contact-hours/src/contact-hours-schema';
import type { PrismaClient } from '../../libs/db/src/prisma';
import {
  OUTBOUND_PATHS,
  outboundWebhookUrl,
  type AnsweredBy,
  type OutboundCallPlan,
  type OutboundOutcome,
  type OutboundPurpose,
} from '../../libs/outbound/src';
import type { SmsFollowUpInput } from '../../libs/sms/src/sms-messages';
import { oldestUnclaimed } from '../../libs/telephony/src/lost-requests';
import { TelephonyRejection, type Telephony } from '../../libs/telephony/src/telephony';
import { voicemailMessage } from './reminder-speech';
import { reminderFollowUpText } from './reminder-texts';

export interface OutboundCallSettings {
  /** The API's public base URL: Twilio fetches the TwiML and posts statuses and AMD verdicts there. */
  publicUrl: string;
  /** How long a follow-up text waits after the call. */
  smsDelayMs: number;
  /** Where the workflows schedule their dials: the account's paced task queue (see dialTaskQueue). */
  dialTaskQueue?: string;
}

export interface DialRequest {
  /** `<workflowId>:<attempt>`: one dial per key, however often the activity runs. */
  attemptKey: string;
  workflowId: string;
  tenantId: string;
  purpose: OutboundPurpose;
  campaignId?: string;
  appointmentId?: string;
  to: string;
  from: string;
  attempt: number;
  ringTimeoutSeconds: number;
}

export type DialOutcome =
  | { outcome: 'dialed'; callSid: string }
  /** Twilio refused the call (an invalid number…): final, not redialed. */
  | { outcome: 'rejected'; reason: string };

export interface AttemptEnd {
  attemptKey: string;
  /** The attempt's outcome, or Twilio's final status when the workflow gave up waiting. */
  status: OutboundOutcome | 'canceled';
  answeredBy?: AnsweredBy;
}

export interface OutcomeRecord {
  workflowId: string;
  tenantId: string;
  appointmentId?: string;
  /** The number called. */
  to: string;
  outcome: OutboundOutcome;
  reason?: string;
  callSid?: string;
}

const DIAL_STATES = { pending: 'pending', dialing: 'dialing', dialed: 'dialed', failed: 'failed' } as const;

/** The call an earlier try of this attempt placed, if Twilio has it: from our number to theirs, created since the attempt began. */
async function callPlacedBy(telephony: Telephony, row: { createdAt: Date }, request: DialRequest, db: PrismaClient): Promise<string | undefined> {
  const placed = await telephony.findPlacedCalls({ to: request.to, from: request.from, since: row.createdAt });
  if (placed.length === 0) return undefined;
  const claimed = await db.reminderAttempt.findMany({ where: { callSid: { in: placed.map((call) => call.sid) } }, select: { callSid: true } });
  return oldestUnclaimed(placed, claimed.map((attempt) => attempt.callSid))?.sid;
}

export function createOutboundCallActivities(deps: { db: PrismaClient; telephony?: Telephony; settings: OutboundCallSettings; clock?: () => Date }) {
  const { db, settings } = deps;
  const now = () => deps.clock?.() ?? new Date();

  async function tenantOf(tenantId: string) {
    const tenant = await db.tenant.findUnique({
      where: { id: tenantId },
      include: { agentConfig: true, phoneNumbers: { orderBy: { e164: 'asc' } } },
    });
    if (!tenant?.agentConfig) throw ApplicationFailure.nonRetryable(`tenant ${tenantId} has no agent config`, 'AgentConfigMissing');
    const from = tenant.phoneNumbers.find((number) => number.label === 'main') ?? tenant.phoneNumbers[0];
    if (!from) throw ApplicationFailure.nonRetryable(`tenant ${tenantId} has no phone number to call from`, 'NoPhoneNumber');
    return { name: tenant.name, config: tenant.agentConfig, from: from.e164 };
  }

  async function appointmentOf(appointmentId: string | undefined) {
    if (!appointmentId) return undefined;
    return db.appointment.findUnique({ where: { id: appointmentId }, select: { serviceName: true, startsAt: true, status: true } });
  }

  return {
    /** The tenant's zone, contact hours and number, and where dials run, read once per outbound call. */
    async planOutboundCall(input: { tenantId: string }): Promise<OutboundCallPlan> {
      const tenant = await tenantOf(input.tenantId);
      const hours = ContactHoursSchema.safeParse(tenant.config.contactHours);
      return {
        timeZone: tenant.config.timeZone,
        contactHours: hours.success ? hours.data : DEFAULT_CONTACT_HOURS,
        from: tenant.from,
        ...(settings.dialTaskQueue && { dialTaskQueue: settings.dialTaskQueue }),
      };
    },

    /**
     * Places one dial, once. The attempt row is written under its key before
     * Twilio is asked; a retry finds it and returns the call already placed.
     * A try that died or failed between asking and recording (a crash, a
     * lost answer, a 5xx) leaves the row `dialing`: the retry asks Twilio for
     * the call that try placed and adopts it, and dials only when Twilio has none.
     */
    async dialOutboundCall(request: DialRequest): Promise<DialOutcome> {
      await db.reminderAttempt.createMany({
        data: [{
          attemptKey: request.attemptKey,
          tenantId: request.tenantId,
          campaignId: request.campaignId ?? null,
          appointmentId: request.appointmentId ?? null,
          purpose: request.purpose,
          phone: request.to,
          attempt: request.attempt,
          status: DIAL_STATES.pending,
        }],
        skipDuplicates: true,
      });
      const row = await db.reminderAttempt.findUniqueOrThrow({ where: { attemptKey: request.attemptKey } });
      if (row.callSid) return { outcome: 'dialed', callSid: row.callSid };
      if (row.status !== DIAL_STATES.pending && row.status !== DIAL_STATES.dialing) return { outcome: 'rejected', reason: row.status };
      const { telephony } = deps;
      if (!telephony) {
        await db.reminderAttempt.update({ where: { id: row.id }, data: { status: DIAL_STATES.failed } });
        return { outcome: 'rejected', reason: 'telephony_not_configured' };
      }
      if (row.status === DIAL_STATES.dialing) {
        const placed = await callPlacedBy(telephony, row, request, db);
        if (placed) {
          await db.reminderAttempt.update({ where: { id: row.id }, data: { status: DIAL_STATES.dialed, callSid: placed } });
          return { outcome: 'dialed', callSid: placed };
        }
      }

      // Counted against the daily cap from here on, whatever happens next.
      await db.reminderAttempt.update({ where: { id: row.id }, data: { status: DIAL_STATES.dialing, dialedAt: now() } });
      const url = (path: string) => outboundWebhookUrl(settings.publicUrl, path, request.workflowId);
      try {
        const { sid } = await telephony.placeCall({
          to: request.to,
          from: request.from,
          url: url(OUTBOUND_PATHS.twiml),
          statusCallback: url(OUTBOUND_PATHS.status),
          machineDetection: 'DetectMessageEnd',
          asyncAmdStatusCallback: url(OUTBOUND_PATHS.amd),
          timeoutSeconds: request.ringTimeoutSeconds,
        });
        await db.reminderAttempt.update({ where: { id: row.id }, data: { status: DIAL_STATES.dialed, callSid: sid } });
        return { outcome: 'dialed', callSid: sid };
      } catch (error) {
        // A 5xx, a 429, a lost answer: the row stays `dialing`, since Twilio may have placed the call.
        if (!(error instanceof TelephonyRejection)) throw error;
        await db.reminderAttempt.update({ where: { id: row.id }, data: { status: DIAL_STATES.failed } });
        return { outcome: 'rejected', reason: error.code ? `twilio_${error.code}` : error.message };
      }
    },

    /** Replaces a machine-answered call's TwiML with the reminder; false when the call had already ended. */
    async leaveVoicemail(input: { tenantId: string; callSid: string; appointmentId?: string }): Promise<boolean> {
      const { telephony } = deps;
      if (!telephony) return false;
      const tenant = await tenantOf(input.tenantId);
      const appointment = await appointmentOf(input.appointmentId);
      const spoken = appointment ? { business: tenant.name, service: appointment.serviceName, startsAt: appointment.startsAt, timeZone: tenant.config.timeZone } : undefined;
      try {
        await telephony.sayAndHangUp(input.callSid, voicemailMessage(spoken, tenant.name, tenant.from));
        return true;
      } catch (error) {
        if (error instanceof TelephonyRejection) return false;
        throw error;
      }
    },

    /** The attempt row's outcome and AMD verdict (kept apart: `completed` covers humans and machines). */
    async recordAttemptEnded(end: AttemptEnd): Promise<void> {
      const row = await db.reminderAttempt.update({
        where: { attemptKey: end.attemptKey },
        data: { status: end.status, answeredBy: end.answeredBy ?? null, endedAt: now() },
      });
      if (row.callSid && end.answeredBy) await db.call.updateMany({ where: { callSid: row.callSid }, data: { answeredBy: end.answeredBy } });
    },

    /** How the outbound call ended, on its appointment. */
    async recordOutboundOutcome(record: OutcomeRecord): Promise<void> {
      if (!record.appointmentId) return;
      const outcome = record.outcome === 'skipped' ? `skipped:${record.reason ?? 'unknown'}` : record.outcome;
      await db.appointment.updateMany({ where: { id: record.appointmentId }, data: { reminderOutcome: outcome, reminderOutcomeAt: now() } });
    },

    /**
     * The text that follows the call (a voicemail left, a call nobody took),
     * queued once per workflow; null when the outcome needs none.
     */
    async planOutboundFollowUp(record: OutcomeRecord): Promise<SmsFollowUpInput | null> {
      const appointment = await appointmentOf(record.appointmentId);
      if (!appointment || appointment.status !== 'BOOKED') return null;
      const tenant = await tenantOf(record.tenantId);
      const body = reminderFollowUpText(record.outcome, {
        business: tenant.name,
        service: appointment.serviceName,
        startsAt: appointment.startsAt,
        timeZone: tenant.config.timeZone,
        businessNumber: tenant.from,
      });
      if (!body) return null;
      const sourceKey = `outbound:${record.workflowId}`;
      await db.smsMessage.createMany({
        data: [{ tenantId: record.tenantId, callSid: record.callSid ?? null, toNumber: record.to, fromNumber: tenant.from, body, status: 'QUEUED', sourceKey }],
        skipDuplicates: true,
      });
      const message = await db.smsMessage.findUniqueOrThrow({ where: { sourceKey }, select: { id: true, toNumber: true, status: true } });
      if (message.status !== 'QUEUED') return null;
      return { tenantId: record.tenantId, callSid: record.callSid ?? record.workflowId, messages: [{ messageId: message.id, to: message.toNumber }], delayMs: settings.smsDelayMs };
    },
  };
}
