import { ApplicationFailure, condition, proxyActivities, setHandler, TemporalFailure } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { CallbackEnd } from '../activities/callbacks/callback-activities';
import {
  callbackScheduledUpdate,
  callbackStateQuery,
  cancelCallbackUpdate,
  rescheduleCallbackUpdate,
  type CallbackRequest,
  type CallbackSettings,
  type CallbackState,
  type CancelCallback,
} from '../libs/callbacks/src/callback-messages';
import { nextContactInstant } from '../libs/contact-hours/src/contact-hours';
import { actionFailed, callCustomerBack, textStaffOnDuty } from './callback-actions';

const records = proxyActivities<CallActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const FINAL_STATUS = { COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled' } as const;

/**
 * `callback-<id>`: a promise to call a customer back. It waits on a durable
 * timer until the requested time (or now) clamped into the tenant's business
 * and contact hours, then, per the tenant's `callbackAction`, texts the staff
 * member on duty, places an AI call to the customer, or both. Until it acts
 * it can be moved (`rescheduleCallback`) or called off (`cancelCallback`).
 */
export async function callbackWorkflow(request: CallbackRequest): Promise<CallbackState> {
  let state: CallbackState = { ...request, status: 'waiting' };
  /** The tenant's settings, read by the first activity; Updates that need them wait until the status leaves `waiting`. */
  const tenant: { settings?: CallbackSettings } = {};
  /** Bumped by each reschedule, so the timer starts over. */
  let version = 0;
  let cancelReason: string | undefined;
  let rescheduling = false;

  const changeable = () => state.status === 'waiting' || state.status === 'scheduled';
  const refuseUnlessChangeable = (what: string) => {
    if (!changeable()) throw ApplicationFailure.create({ type: 'CallbackNotChangeable', message: `the callback is ${state.status}: it cannot be ${what}`, nonRetryable: true });
  };

  setHandler(callbackStateQuery, () => state);
  setHandler(callbackScheduledUpdate, async () => {
    await condition(() => state.status !== 'waiting');
    return state;
  });
  setHandler(
    rescheduleCallbackUpdate,
    async ({ requestedAt }) => {
      await condition(() => state.status !== 'waiting' && !rescheduling);
      refuseUnlessChangeable('rescheduled');
      rescheduling = true;
      try {
        const dueAt = dueTime(tenant.settings!, requestedAt);
        await records.recordCallbackScheduled({ callbackId: request.callbackId, requestedAt, dueAt });
        state = { ...state, requestedAt, dueAt };
        version++;
      } finally {
        rescheduling = false;
      }
      return state;
    },
    {
      validator: ({ requestedAt }) => {
        if (typeof requestedAt !== 'string' || Number.isNaN(Date.parse(requestedAt))) {
          throw ApplicationFailure.create({ type: 'InvalidRequest', message: 'requestedAt: expected an ISO date-time', nonRetryable: true });
        }
        refuseUnlessChangeable('rescheduled');
      },
    },
  );
  setHandler(
    cancelCallbackUpdate,
    async ({ reason }) => {
      await condition(() => !rescheduling);
      refuseUnlessChangeable('cancelled');
      cancelReason = reason ?? 'cancelled';
      await condition(() => state.status === 'cancelled');
      return state;
    },
    { validator: (_request: CancelCallback) => refuseUnlessChangeable('cancelled') },
  );

  const finish = async (end: CallbackEnd): Promise<CallbackState> => {
    await records.recordCallbackFinished({ callbackId: request.callbackId, ...end });
    state = { ...state, status: FINAL_STATUS[end.status], outcome: end.outcome };
    return state;
  };

  const settings = await records.recordCallbackRequest(request);
  tenant.settings = settings;
  state = { ...state, action: settings.action };
  if (cancelReason !== undefined) return finish({ status: 'CANCELLED', outcome: cancelReason });
  let dueAt: string;
  try {
    dueAt = dueTime(settings, request.requestedAt);
  } catch (error) {
    await finish({ status: 'FAILED', outcome: 'no_contact_window' });
    throw error;
  }
  await records.recordCallbackScheduled({ callbackId: request.callbackId, dueAt });
  state = { ...state, status: 'scheduled', dueAt };

  for (;;) {
    const seen = version;
    const wait = Date.parse(state.dueAt!) - Date.now();
    if (wait > 0) await condition(() => cancelReason !== undefined || version !== seen, wait);
    await condition(() => !rescheduling);
    if (cancelReason !== undefined) return finish({ status: 'CANCELLED', outcome: cancelReason });
    if (version === seen) break;
  }

  state = { ...state, status: 'acting' };
  const outcomes: string[] = [];
  try {
    if (settings.action !== 'ai_call') outcomes.push(await textStaffOnDuty(request));
    if (settings.action !== 'sms_staff') outcomes.push(await callCustomerBack(request));
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
    const failure = error instanceof ApplicationFailure ? error : actionFailed('action_failed', error.message);
    await finish({ status: 'FAILED', outcome: [...outcomes, outcomeOf(failure)].join(',') });
    throw failure;
  }
  return finish({ status: 'COMPLETED', outcome: outcomes.join(',') });
}

/** The first instant at or after the requested one (and now) in business and contact hours. */
function dueTime(settings: CallbackSettings, requestedAt: string | undefined): string {
  const at = new Date(Math.max(requestedAt ? Date.parse(requestedAt) : 0, Date.now()));
  const due = nextContactInstant(at, settings.timeZone, settings.contactHours, settings.businessHours);
  if (!due) {
    throw ApplicationFailure.create({ type: 'NoContactWindow', message: 'the business has no hours in which to call back in the next two weeks', nonRetryable: true });
  }
  return due.toISOString();
}

function outcomeOf(failure: ApplicationFailure): string {
  const [outcome] = (failure.details ?? []) as unknown[];
  return typeof outcome === 'string' ? outcome : (failure.type ?? 'failed');
}
