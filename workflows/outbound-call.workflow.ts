import { TemporalFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import { isFinalCallStatus } from '../libs/calls/src/call-status';
import type { ContactCheck } from '../activities/consent/contact-check-activities';
import { nextContactInstant } from '../libs/contact-hours/src/contact-hours';
import {
  DEFAULT_AMD_GRACE_MS,
  DEFAULT_REDIAL_POLICY,
  DEFAULT_RING_TIMEOUT_SECONDS,
  isVoicemailVerdict,
  type AnsweredBy,
  type OutboundCallDone,
  type OutboundCallInput,
  type OutboundCallPlan,
  type OutboundCallResult,
  type OutboundOutcome,
} from '../libs/outbound/src';
import { answeredBySignal, outboundCallDoneSignal, outboundCallStatusSignal, outboundLegQuery } from '../libs/outbound/src/outbound-messages';
import { AppointmentIdKey, OutcomeKey, TenantIdKey } from '../libs/temporal/src/search-attributes';
import { smsFollowUpWorkflow } from './sms-follow-up.workflow';

const BOOKKEEPING_OPTIONS = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/**
 * The bookkeeping only touches PostgreSQL: as local activities it costs the
 * server no activity task and no workflow task of its own (its retries past a
 * few seconds become durable timers). Calls started before replay with
 * normal activities.
 */
const localBookkeeping = proxyLocalActivities<CallActivities>(BOOKKEEPING_OPTIONS);
const bookkeepingTasks = proxyActivities<CallActivities>(BOOKKEEPING_OPTIONS);
const LOCAL_BOOKKEEPING_PATCH = 'outbound-bookkeeping-as-local-activities';

// Twilio unreachable is worth a few minutes of retries; then this call is given up as failed. The dial itself
// runs on the plan's dial task queue, where the Temporal server paces the account's dials.
const DIAL_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 6 },
} as const;
const dialing = proxyActivities<CallActivities>(DIAL_OPTIONS);

/** Twilio's final word on a dial normally comes within the ring timeout plus the call; a lost callback must not hold the workflow forever. */
const FINAL_STATUS_WAIT_MS = 2 * 60 * 60 * 1000;

interface AttemptOutcome {
  outcome: OutboundOutcome;
  reason?: string;
  answeredBy?: AnsweredBy;
}

/**
 * One outbound call to a customer (`reminder-<appointmentId>-<localDate>`
 * for reminders). Before every dial the contact rules are checked and the
 * tenant's contact hours awaited on a durable timer; then it dials with
 * answering-machine detection. A person gets the agent (the live call is
 * `call-<CallSid>`); a machine gets a short voicemail; busy and no-answer
 * are dialed again later. The outcome goes on the appointment, the attempt
 * rows and the search attributes, a follow-up text is started, and the
 * parent (a campaign) is told.
 */
export async function outboundCallWorkflow(input: OutboundCallInput): Promise<OutboundCallResult> {
  const { workflowId } = workflowInfo();
  const redial = input.redial ?? DEFAULT_REDIAL_POLICY;
  const finalStatus = new Map<string, string>();
  const verdicts = new Map<string, AnsweredBy>();

  setHandler(outboundCallStatusSignal, ({ callSid, status, answeredBy }) => {
    if (isFinalCallStatus(status)) finalStatus.set(callSid, status);
    if (answeredBy) verdicts.set(callSid, answeredBy);
  });
  setHandler(answeredBySignal, ({ callSid, answeredBy }) => {
    verdicts.set(callSid, answeredBy);
  });
  setHandler(outboundLegQuery, () => ({
    workflowId,
    tenantId: input.tenantId,
    purpose: input.purpose,
    appointmentId: input.appointmentId,
    context: input.context,
    amdGraceMs: input.amdGraceMs ?? DEFAULT_AMD_GRACE_MS,
  }));

  upsertSearchAttributes([
    { key: TenantIdKey, value: input.tenantId },
    ...(input.appointmentId ? [{ key: AppointmentIdKey, value: input.appointmentId }] : []),
  ]);
  const bookkeeping = patched(LOCAL_BOOKKEEPING_PATCH) ? localBookkeeping : bookkeepingTasks;
  const plan = await bookkeeping.planOutboundCall({ tenantId: input.tenantId });
  const callSids: string[] = [];

  /** The contact rules, asked again after a wait for contact hours: a STOP that came meanwhile counts. */
  const mayDial = async (): Promise<ContactCheck> => {
    const check = () =>
      bookkeeping.checkContactAllowed.executeWithOptions({ ...BOOKKEEPING_OPTIONS, summary: `may we call ${input.to}?` }, [
        { tenantId: input.tenantId, phone: input.to, channel: 'voice' },
      ]);
    const first = await check();
    if (!first.allowed) return first;
    const waitMs = untilContactHours(plan);
    if (waitMs === 0) return first;
    await sleep(waitMs, { summary: `wait for contact hours (${plan.contactHours.start}–${plan.contactHours.end} ${plan.timeZone})` });
    return check();
  };

  /** Follows one dial to its end, leaving the voicemail if a machine answers. */
  const followCall = async (callSid: string): Promise<AttemptOutcome> => {
    let voicemailLeft: boolean | undefined;
    const deadline = Date.now() + FINAL_STATUS_WAIT_MS;
    for (;;) {
      const machineWaiting = () => voicemailLeft === undefined && isVoicemailVerdict(verdicts.get(callSid));
      const settled = await condition(() => finalStatus.has(callSid) || machineWaiting(), Math.max(deadline - Date.now(), 1));
      if (!settled) return { outcome: 'failed', reason: 'no_final_status', answeredBy: verdicts.get(callSid) };
      if (finalStatus.has(callSid)) break;
      voicemailLeft = await dialing.leaveVoicemail.executeWithOptions({ ...DIAL_OPTIONS, summary: `voicemail on ${callSid}` }, [
        { tenantId: input.tenantId, callSid, appointmentId: input.appointmentId },
      ]);
    }
    return attemptOutcome(finalStatus.get(callSid)!, verdicts.get(callSid), voicemailLeft === true);
  };

  let result: OutboundCallResult | undefined;
  for (let attempt = 1; result === undefined; attempt++) {
    const check = await mayDial();
    if (!check.allowed) {
      result = { outcome: 'skipped', reason: check.reason, attempts: callSids.length, callSids };
      break;
    }
    const attemptKey = `${workflowId}:${attempt}`;
    let dial;
    try {
      dial = await dialing.dialOutboundCall.executeWithOptions({ ...DIAL_OPTIONS, taskQueue: plan.dialTaskQueue, summary: `dial ${input.to} (attempt ${attempt})` }, [
        {
          attemptKey,
          workflowId,
          tenantId: input.tenantId,
          purpose: input.purpose,
          campaignId: input.campaignId,
          appointmentId: input.appointmentId,
          to: input.to,
          from: plan.from,
          attempt,
          ringTimeoutSeconds: input.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS,
        },
      ]);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      dial = { outcome: 'rejected', reason: 'twilio_unreachable' } as const;
    }
    if (dial.outcome !== 'dialed') {
      await bookkeeping.recordAttemptEnded({ attemptKey, status: 'failed' });
      result = { outcome: 'failed', reason: dial.reason, attempts: callSids.length, callSids };
      break;
    }
    callSids.push(dial.callSid);
    upsertMemo({ callSids });
    const ended = await followCall(dial.callSid);
    await bookkeeping.recordAttemptEnded({ attemptKey, status: ended.outcome, answeredBy: ended.answeredBy });
    const redialable = ended.outcome === 'busy' || ended.outcome === 'no_answer';
    if (redialable && attempt <= redial.extraAttempts) {
      await sleep(redial.intervalMs, { summary: `${ended.outcome}: call again` });
      continue;
    }
    result = { ...ended, attempts: callSids.length, callSids };
  }

  const lastCallSid = result.callSids.at(-1);
  const record = { workflowId, tenantId: input.tenantId, appointmentId: input.appointmentId, to: input.to, outcome: result.outcome, reason: result.reason, callSid: lastCallSid };
  await bookkeeping.recordOutboundOutcome(record);
  upsertSearchAttributes([{ key: OutcomeKey, value: result.outcome }]);
  upsertMemo({ outcome: result.outcome, reason: result.reason });

  const followUp = await bookkeeping.planOutboundFollowUp(record);
  if (followUp) await startFollowUpText(workflowId, input.tenantId, followUp);
  if (input.parentWorkflowId) await tellParent(input.parentWorkflowId, { workflowId, appointmentId: input.appointmentId, result });
  return result;
}

/** 0 inside the tenant's contact hours, else how long until they open. */
function untilContactHours(plan: OutboundCallPlan): number {
  const now = new Date();
  const next = nextContactInstant(now, plan.timeZone, plan.contactHours);
  return next ? Math.max(next.getTime() - now.getTime(), 0) : 0;
}

/** Twilio's final status and AMD verdict as the call's outcome. */
function attemptOutcome(status: string, answeredBy: AnsweredBy | undefined, voicemailLeft: boolean): AttemptOutcome {
  switch (status) {
    case 'busy':
      return { outcome: 'busy', answeredBy };
    case 'no-answer':
    case 'canceled':
      return { outcome: 'no_answer', answeredBy };
    case 'failed':
      return { outcome: 'failed', reason: 'twilio_failed', answeredBy };
    default:
      if (answeredBy === 'fax') return { outcome: 'failed', reason: 'fax', answeredBy };
      if (isVoicemailVerdict(answeredBy) || answeredBy === 'machine_start') {
        return voicemailLeft ? { outcome: 'voicemail', answeredBy } : { outcome: 'no_answer', reason: 'machine_hung_up', answeredBy };
      }
      return { outcome: 'human', answeredBy };
  }
}

type FollowUpInput = Parameters<typeof smsFollowUpWorkflow>[0];

/** `sms-<workflowId>`, abandoned to run on its own; already started (a reset run) is fine. */
async function startFollowUpText(workflowId: string, tenantId: string, followUp: FollowUpInput): Promise<void> {
  try {
    await startChild(smsFollowUpWorkflow, {
      workflowId: `sms-${workflowId}`,
      args: [followUp],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `text after ${workflowId}`,
      typedSearchAttributes: [{ key: TenantIdKey, value: tenantId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** A campaign that has ended (or never existed) has nobody to count this call: the call's own result stands. */
async function tellParent(parentWorkflowId: string, done: OutboundCallDone): Promise<void> {
  try {
    await getExternalWorkflowHandle(parentWorkflowId).signal(outboundCallDoneSignal, done);
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
  }
}
