import type { ContactHours } from '../../contact-hours/src/contact-hours';

/**
 * The outbound call's contract, shared by the workflow, its activities and
 * whoever starts it (a reminder campaign, a callback). Pure types and
 * helpers: safe in the workflow sandbox.
 */
export type OutboundPurpose = 'reminder' | 'callback';

/** How an outbound call ended. `skipped` carries the contact rule that refused it. */
export type OutboundOutcome = 'human' | 'voicemail' | 'no_answer' | 'busy' | 'failed' | 'skipped';

/** Twilio's `AnsweredBy` with `MachineDetection=DetectMessageEnd`. */
export type AnsweredBy = 'human' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other' | 'fax' | 'unknown' | 'machine_start';

/** A machine took the call and its greeting is over: the moment to leave a voicemail. */
export const VOICEMAIL_VERDICTS: readonly AnsweredBy[] = ['machine_end_beep', 'machine_end_silence', 'machine_end_other'];
export const isVoicemailVerdict = (answeredBy: AnsweredBy | undefined): boolean => answeredBy !== undefined && VOICEMAIL_VERDICTS.includes(answeredBy);

export interface RedialPolicy {
  /** Dials after the first one, for busy and no-answer only. */
  extraAttempts: number;
  /** Wait between dials (the next one still waits for contact hours). */
  intervalMs: number;
}

export const DEFAULT_REDIAL_POLICY: RedialPolicy = { extraAttempts: 2, intervalMs: 60 * 60 * 1000 };
/** How long the phone rings before Twilio reports no-answer. */
export const DEFAULT_RING_TIMEOUT_SECONDS = 25;
/** The agent stays silent this long after the answer unless AMD says "human" sooner: it must not talk over a voicemail greeting. */
export const DEFAULT_AMD_GRACE_MS = 4_000;

export interface OutboundCallInput {
  tenantId: string;
  purpose: OutboundPurpose;
  /** The number to call, E.164. */
  to: string;
  /** A reminder's appointment (required for `reminder`); a callback may name one. */
  appointmentId?: string;
  campaignId?: string;
  /** What the agent is calling about beyond the appointment, e.g. a callback's reason and notes. */
  context?: string;
  /** Told `outboundCallDone` when this call is over (a campaign counting its children). */
  parentWorkflowId?: string;
  redial?: RedialPolicy;
  ringTimeoutSeconds?: number;
  amdGraceMs?: number;
}

export interface OutboundCallResult {
  outcome: OutboundOutcome;
  /** Why: the contact rule for `skipped`, Twilio's status or error for `failed`. */
  reason?: string;
  /** Dials placed. */
  attempts: number;
  callSids: string[];
  answeredBy?: AnsweredBy;
}

/** Sent to `parentWorkflowId` when the call is over. */
export interface OutboundCallDone {
  workflowId: string;
  appointmentId?: string;
  result: OutboundCallResult;
}

/** A Twilio status callback of one of this workflow's dials. */
export interface OutboundCallStatus {
  callSid: string;
  /** Twilio's CallStatus: initiated, ringing, in-progress, completed, busy, no-answer, failed, canceled. */
  status: string;
  at: string;
  /** Present when synchronous AMD ran; async AMD reports by {@link AnsweredByReport}. */
  answeredBy?: AnsweredBy;
}

/** Twilio's async AMD callback (`AnsweredBy`, `MachineDetectionDuration`). */
export interface AnsweredByReport {
  callSid: string;
  answeredBy: AnsweredBy;
  machineDetectionDurationMs?: number;
  at: string;
}

/** What the live call needs from the outbound workflow when the callee picks up. */
export interface OutboundLeg {
  workflowId: string;
  tenantId: string;
  purpose: OutboundPurpose;
  appointmentId?: string;
  context?: string;
  amdGraceMs: number;
}

/** What the dialing activity knows about the tenant and the appointment, read once per workflow run. */
export interface OutboundCallPlan {
  timeZone: string;
  contactHours: ContactHours;
  /** Our number the call comes from. */
  from: string;
  /**
   * The task queue of the telephony account's dials, paced by the Temporal
   * server to the account's calls-per-second. Absent without telephony (and
   * in plans recorded before it existed): the workflow's own queue.
   */
  dialTaskQueue?: string;
}

export const reminderWorkflowId = (appointmentId: string, localDate: string) => `reminder-${appointmentId}-${localDate}`;
export const OUTBOUND_CALL_WORKFLOW_TYPE = 'outboundCallWorkflow';
export type OutboundCallWorkflow = (input: OutboundCallInput) => Promise<OutboundCallResult>;

/** The API routes Twilio calls for an outbound dial; each names the outbound workflow in its query. */
export const OUTBOUND_PATHS = { twiml: '/twilio/outbound/answer', status: '/twilio/outbound/status', amd: '/twilio/outbound/amd' } as const;

export function outboundWebhookUrl(publicBaseUrl: string, path: string, workflowId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${path}?workflowId=${encodeURIComponent(workflowId)}`;
}
