/** Twilio's call statuses, as its webhooks and status callbacks send them. */
export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Twilio statuses after which nobody is on the line any more. */
export const FINAL_CALL_STATUSES: readonly TwilioCallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export const isFinalCallStatus = (status: TwilioCallStatus): boolean => FINAL_CALL_STATUSES.includes(status);
