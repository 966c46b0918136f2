import type { OutboundCallResult, RedialPolicy } from '../../outbound/src/outbound-call';

/**
 * The reminder campaign's contract, shared by its workflow, its activities,
 * the schedule that starts it and whoever reads its progress. Pure types and
 * helpers: safe in the workflow sandbox.
 */
export const REMINDER_CAMPAIGN_WORKFLOW_TYPE = 'reminderCampaignWorkflow';

/** One Temporal Schedule per tenant, and its Campaign row, share this id. */
export const reminderScheduleId = (tenantSlug: string): string => `reminders-${tenantSlug}`;

/** The schedule appends the fire time (`…-2026-12-07T23:00:00Z`); runs started for a given day end in the day. */
export const reminderRunWorkflowId = (tenantSlug: string, date: string): string => `${reminderScheduleId(tenantSlug)}-for-${date}`;

export interface CampaignPacing {
  /** Reminder calls in flight at once for the tenant (the sliding window). */
  concurrency: number;
  /** New calls started per second (Twilio queues an account's calls beyond its CPS); 0 is unpaced. */
  dialsPerSecond: number;
}

export const DEFAULT_PACING: CampaignPacing = { concurrency: 5, dialsPerSecond: 1 };

/** Appointments read per page; the workflow continues as new after each. */
export const DEFAULT_PAGE_SIZE = 200;

export interface ReminderCampaignInput extends CampaignPacing {
  tenantId: string;
  /** The Campaign row (`reminders-<slug>`), recorded on every reminder attempt. */
  campaignId: string;
  /** The local day whose appointments are reminded; a scheduled run takes the day after its fire time. */
  date?: string;
  pageSize?: number;
  /** Passed to every call; absent, the outbound call's default (2 more dials, an hour apart). */
  redial?: RedialPolicy;
}

/** What a reminder campaign has done so far, as its `progress` query answers. */
export interface CampaignProgress {
  date: string;
  /** Booked appointments that day (counted when the run began). */
  total: number;
  /** Appointments handed to a reminder call so far. */
  started: number;
  /** Calls still running. */
  inFlight: number;
  /** Calls that dialled at least once. */
  placed: number;
  answeredByHuman: number;
  voicemailLeft: number;
  noAnswer: number;
  busy: number;
  failed: number;
  /** Calls that never dialled, by the rule that refused them; `already_reminded` when an earlier run of the day owns the call. */
  skipped: Record<string, number>;
  done: boolean;
}

export const ALREADY_REMINDED = 'already_reminded';

export function emptyProgress(date: string, total: number): CampaignProgress {
  return { date, total, started: 0, inFlight: 0, placed: 0, answeredByHuman: 0, voicemailLeft: 0, noAnswer: 0, busy: 0, failed: 0, skipped: {}, done: false };
}

/** Calls that have ended (or were never this run's to make). */
export const finishedCount = (progress: CampaignProgress): number => progress.started - progress.inFlight;

/** Counts one finished reminder call. */
export function countOutcome(progress: CampaignProgress, result: OutboundCallResult): void {
  if (result.attempts > 0) progress.placed += 1;
  switch (result.outcome) {
    case 'human':
      progress.answeredByHuman += 1;
      break;
    case 'voicemail':
      progress.voicemailLeft += 1;
      break;
    case 'no_answer':
      progress.noAnswer += 1;
      break;
    case 'busy':
      progress.busy += 1;
      break;
    case 'failed':
      progress.failed += 1;
      break;
    case 'skipped':
      countSkip(progress, result.reason ?? 'unknown');
      break;
  }
}

export function countSkip(progress: CampaignProgress, reason: string): void {
  progress.skipped[reason] = (progress.skipped[reason] ?? 0) + 1;
}

/** One page of the day's booked appointments, in id order. */
export interface AppointmentPage {
  appointments: { id: string; phone: string }[];
  /** Pass as `after` for the next page; absent on the last one. */
  nextCursor?: string;
}

export interface CampaignDay {
  date: string;
  total: number;
}
