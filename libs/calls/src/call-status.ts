/** Twilio's call statuses, as its webhooks and status callbacks send them. */
export const TWILIO_CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** Twilio statuses after which nobody is on the line any more. */
export const FINAL_CALL_STATUSES: readonly TwilioCallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

/** Any Twilio CallStatus string; an outbound dial's statuses arrive unparsed. */
export const isFinalCallStatus = (status: string): boolean => (FINAL_CALL_STATUSES as readonly string[]).includes(status);

/** The statuses before a final one, in the order Twilio sends them. */
const BEFORE_FINAL: readonly TwilioCallStatus[] = ['queued', 'initiated', 'ringing', 'in-progress'];
const progress = (status: TwilioCallStatus): number => (isFinalCallStatus(status) ? BEFORE_FINAL.length : BEFORE_FINAL.indexOf(status));

/**
 * Whether `next` moves the call on from `current`. Status callbacks can
 * arrive out of order, or be replayed: a call's status only moves forward,
 * and its first final status stays.
 */
export const isLaterCallStatus = (next: TwilioCallStatus, current: TwilioCallStatus | undefined): boolean =>
  current === undefined || progress(next) > progress(current);
