import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CallActivities } from '../activities';
import { campaignProgressQuery } from '../libs/campaigns/src/campaign-messages';
import {
  ALREADY_REMINDED,
  countOutcome,
  countSkip,
  DEFAULT_PAGE_SIZE,
  emptyProgress,
  type CampaignProgress,
  type ReminderCampaignInput,
} from '../libs/campaigns/src/reminder-campaign';
import { outboundCallDoneSignal } from '../libs/outbound/src/outbound-messages';
import {
  OUTBOUND_CALL_WORKFLOW_TYPE,
  reminderWorkflowId,
  type OutboundCallResult,
  type OutboundCallWorkflow,
} from '../libs/outbound/src/outbound-call';
import { CampaignDateKey, ScheduledStartTimeKey } from '../libs/temporal/src/search-attributes';

/** What one run hands the next when it continues as new. */
export interface CarriedCampaignState {
  date: string;
  /** Where the next page starts; absent once the last page is dispatched. */
  cursor?: string;
  exhausted: boolean;
  /** Reminder calls started by earlier runs that have not reported back. */
  inFlight: string[];
  progress: CampaignProgress;
}

/** How long the campaign waits on a silent call before asking Temporal whether it closed without reporting. */
const RECONCILE_AFTER_MS = 10 * 60 * 1000;
/** Well under the 51,200-event hard limit when the server does not suggest sooner. */
const CONTINUE_AS_NEW_AT_EVENTS = 4_096;
/** Temporal's limit is 2,000 pending children per run. */
const MAX_CONCURRENCY = 1_000;

const { planCampaignDay, appointmentsToRemind, reminderOutcomes } = proxyActivities<CallActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * A tenant's reminder calls for one day: pages through the day's booked
 * appointments and keeps at most `concurrency` `reminder-<appointmentId>-<date>`
 * calls running. The calls are abandoned children that signal this workflow
 * id when they end, so the count survives continue-as-new (once per page).
 * A call id that already exists is never dialled again: re-running,
 * triggering or backfilling a day only counts it.
 */
export async function reminderCampaignWorkflow(input: ReminderCampaignInput, carried?: CarriedCampaignState): Promise<CampaignProgress> {
  if (input.concurrency < 1 || input.concurrency > MAX_CONCURRENCY) {
    throw ApplicationFailure.nonRetryable(`concurrency must be within 1–${MAX_CONCURRENCY}, got ${input.concurrency}`, 'InvalidCampaignInput');
  }
  const state = carried ?? (await firstRunState(input));
  const inFlight = new Set(state.inFlight);
  const progress = state.progress;
  const syncInFlight = () => {
    progress.inFlight = inFlight.size;
    setCurrentDetails(`${progress.date}: ${progress.started} of ${progress.total} started, ${inFlight.size} in flight`);
  };
  const finish = (workflowId: string, result: OutboundCallResult) => {
    // A call reports once per run it sees; a second report, or one for a call this campaign does not own, is ignored.
    if (!inFlight.delete(workflowId)) return;
    countOutcome(progress, result);
    syncInFlight();
  };
  setHandler(outboundCallDoneSignal, (done) => finish(done.workflowId, done.result));
  setHandler(campaignProgressQuery, () => progress);
  upsertSearchAttributes([{ key: CampaignDateKey, value: progress.date }]);

  const starts: Promise<void>[] = [];
  const launch = (appointment: { id: string; phone: string }): void => {
    const workflowId = reminderWorkflowId(appointment.id, progress.date);
    inFlight.add(workflowId);
    progress.started += 1;
    syncInFlight();
    const started = startChild<OutboundCallWorkflow>(OUTBOUND_CALL_WORKFLOW_TYPE, {
      workflowId,
      args: [{ tenantId: input.tenantId, purpose: 'reminder', to: appointment.phone, appointmentId: appointment.id, campaignId: input.campaignId, parentWorkflowId: workflowInfo().workflowId, redial: input.redial }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // Closed or running, an existing reminder for this appointment and day is the one call it gets.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `reminder for appointment ${appointment.id} on ${progress.date}`,
    });
    starts.push(
      started.then(
        (child) => {
          // The call may end before this run continues as new: its result stands in for a lost signal.
          child.result().then(
            (result) => finish(workflowId, result),
            (error: Error) => finish(workflowId, { outcome: 'failed', reason: error.message, attempts: 0, callSids: [] }),
          );
        },
        (error: unknown) => {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          inFlight.delete(workflowId);
          countSkip(progress, ALREADY_REMINDED);
          syncInFlight();
        },
      ),
    );
  };
  const nextRun = async (): Promise<never> => {
    await Promise.all(starts);
    await condition(allHandlersFinished);
    return continueAsNew<typeof reminderCampaignWorkflow>(input, { ...state, inFlight: [...inFlight], progress });
  };
  const historyIsLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= CONTINUE_AS_NEW_AT_EVENTS;

  if (!state.exhausted) {
    const page = await appointmentsToRemind({ tenantId: input.tenantId, date: progress.date, after: state.cursor, limit: input.pageSize ?? DEFAULT_PAGE_SIZE });
    const gapMs = input.dialsPerSecond > 0 ? 1000 / input.dialsPerSecond : 0;
    for (const appointment of page.appointments) {
      await condition(() => inFlight.size < input.concurrency);
      launch(appointment);
      if (gapMs > 0) await sleep(gapMs);
    }
    state.cursor = page.nextCursor;
    state.exhausted = page.nextCursor === undefined;
    if (!state.exhausted) return nextRun();
  }

  while (inFlight.size > 0) {
    if (historyIsLong()) return nextRun();
    if (await condition(() => inFlight.size === 0 || historyIsLong(), RECONCILE_AFTER_MS)) continue;
    for (const closed of await reminderOutcomes({ workflowIds: [...inFlight] })) finish(closed.workflowId, closed.result);
  }
  await Promise.all(starts);
  await condition(allHandlersFinished);
  progress.done = true;
  setCurrentDetails(`${progress.date}: done, ${progress.placed} placed of ${progress.total}`);
  return progress;
}

async function firstRunState(input: ReminderCampaignInput): Promise<CarriedCampaignState> {
  const scheduledAt = workflowInfo().typedSearchAttributes.get(ScheduledStartTimeKey) ?? workflowInfo().startTime;
  const day = await planCampaignDay({ tenantId: input.tenantId, date: input.date, scheduledAt: scheduledAt.toISOString() });
  return { date: day.date, exhausted: false, inFlight: [], progress: emptyProgress(day.date, day.total) };
}
