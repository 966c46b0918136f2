/** Twilio's call statuses, as its webhooks and status callbacks send them. */
export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Twilio statuses after which nobody is on the line any more. */
export const FINAL_CALL_STATUSES: readonly TwilioCallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export const isFinalCallStatus = (status: TwilioCallStatus): boolean => FINAL_CALL_STATUSES.includes(status);

/** How far along a call each status is: Twilio sends them in this order, and a final one is the last. */
const PROGRESS: Record<TwilioCallStatus, number> = { queued: 0, initiated: 1, ringing: 2, 'in-progress': 3, completed: 4, busy: 4, failed: 4, 'no-answer': 4, canceled: 4 };

/**
 * Whether `next` moves the call on from `current`. Status callbacks can
 * arrive out of order, or be replayed: a call's status only moves forward,
 * and its first final status stays.
 */
export const isLaterCallStatus = (next: TwilioCallStatus, current: TwilioCallStatus | undefined): boolean =>
  current === undefined || PROGRESS[next] > PROGRESS[current];
