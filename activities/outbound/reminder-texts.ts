import { DateTime } from 'luxon';
import type { OutboundOutcome } from '../../libs/outbound/src';

// The text that follows a reminder call. Informational, like every text.

export interface ReminderText {
  business: string;
  service: string;
  startsAt: Date;
  timeZone: string;
  businessNumber: string;
}

/** The follow-up text for how the call ended; none when the customer heard it all from the agent or was not called. */
export function reminderFollowUpText(outcome: OutboundOutcome, appointment: ReminderText): string | undefined {
  const when = DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timeZone }).toFormat("ccc, LLL d 'at' h:mm a", { locale: 'en-US' });
  const reach = `Questions or changes: call ${appointment.businessNumber}. Reply STOP to opt out.`;
  switch (outcome) {
    case 'voicemail':
      return `${appointment.business}: we left you a voicemail. Reminder: your ${appointment.service} is ${when}. ${reach}`;
    case 'no_answer':
    case 'busy':
      return `${appointment.business}: we tried to call you. Reminder: your ${appointment.service} is ${when}. ${reach}`;
    default:
      return undefined;
  }
}
