import { DateTime } from 'luxon';

// Every text Switchboard writes. They inform (what, when, how to stop) and
// never advertise: no offers, no links but the one a customer asked for.

const HOW_TO_STOP = 'Reply STOP to opt out.';

export function optOutConfirmation(business: string): string {
  return `${business}: you are unsubscribed and will get no more texts or reminder calls from us. Reply START to get texts again.`;
}

export function optInConfirmation(business: string): string {
  return `${business}: you will get appointment texts from us again. ${HOW_TO_STOP}`;
}

export function helpText(business: string, businessNumber: string): string {
  return `${business}: appointment confirmations and reminders. ${HOW_TO_STOP} Reply START to opt back in. Questions? Call ${businessNumber}.`;
}

export interface AppointmentText {
  business: string;
  /** e.g. "Oil change", "Property showing". */
  service: string;
  startsAt: Date;
  timeZone: string;
  /** Where to go: the listing for a showing, else the business. */
  address: string;
}

export function bookingConfirmation(appointment: AppointmentText): string {
  return `${appointment.business}: your ${appointment.service} is booked for ${when(appointment)} at ${appointment.address}. ${HOW_TO_STOP}`;
}

export function rescheduleConfirmation(appointment: AppointmentText): string {
  return `${appointment.business}: your ${appointment.service} has moved to ${when(appointment)} at ${appointment.address}. ${HOW_TO_STOP}`;
}

/** "Tue, Jun 10 at 9:00 AM", in the business's zone and in English whatever the machine's locale. */
function when(appointment: AppointmentText): string {
  return DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timeZone }).toFormat("ccc, LLL d 'at' h:mm a", { locale: 'en-US' });
}

export interface CallbackText {
  business: string;
  phone: string;
  name?: string;
  reason: string;
  notes?: string;
}

/** To the staff member on duty: who to call back and why (no opt-out line: staff are not customers). */
export function callbackStaffText(callback: CallbackText): string {
  const who = callback.name ? `${callback.name} at ${callback.phone}` : callback.phone;
  const notes = callback.notes ? ` Notes: ${callback.notes}` : '';
  return `${callback.business}: please call back ${who} now. Reason: ${callback.reason.replace(/[.!?]+$/, '')}.${notes}`;
}
