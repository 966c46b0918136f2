import { DateTime } from 'luxon';

// What a reminder says out loud. Informational only: the business, the
// appointment, how to reach us. No offers.

export interface SpokenAppointment {
  business: string;
  service: string;
  startsAt: Date;
  timeZone: string;
}

/** "Tuesday, June 10 at 9:00 AM", in the business's zone. */
export function spokenTime(appointment: SpokenAppointment): string {
  return DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timeZone }).toFormat("cccc, LLLL d 'at' h:mm a", { locale: 'en-US' });
}

/** Left on an answering machine after the beep, then the call hangs up. */
export function voicemailMessage(appointment: SpokenAppointment | undefined, business: string, callbackNumber: string): string {
  const about = appointment ? `a reminder of your ${appointment.service} appointment on ${spokenTime(appointment)}` : 'a message for you';
  return `Hello, this is ${business} with ${about}. If you have any questions or need to change it, please call us at ${spokenDigits(callbackNumber)}. Thank you, goodbye.`;
}

/** +15125550100 → "5 1 2, 5 5 5, 0 1 0 0": text-to-speech reads it digit by digit. */
function spokenDigits(e164: string): string {
  const digits = e164.replace(/^\+1(?=\d{10}$)/, '').replace(/\D/g, '');
  if (digits.length !== 10) return digits.split('').join(' ');
  return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)].map((group) => group.split('').join(' ')).join(', ');
}
