import { DateTime } from 'luxon';
import type { AgentProfile, OutboundBrief } from './agent-profile';

// The agent on a call we placed: it speaks first, says who calls and why,
// and stays informational (a reminder is no sales call).

function appointmentTime(appointment: NonNullable<OutboundBrief['appointment']>): string {
  return DateTime.fromJSDate(appointment.startsAt, { zone: appointment.timeZone }).toFormat("cccc, LLLL d 'at' h:mm a", { locale: 'en-US' });
}

/** The first thing the person who picks up hears: the business, and the appointment the call is about. */
export function outboundGreeting(profile: AgentProfile, brief: OutboundBrief): string {
  const from = `Hi, this is ${profile.agentName} from ${profile.brand}`;
  if (brief.purpose === 'reminder' && brief.appointment) {
    return `${from}, calling to remind you of your ${brief.appointment.service} appointment on ${appointmentTime(brief.appointment)}. Will you be able to make it?`;
  }
  return `${from}, returning your call. How can I help?`;
}

export function outboundInstructions(profile: AgentProfile, brief: OutboundBrief): string {
  const { appointment } = brief;
  return [
    profile.instructions,
    '',
    `Rules for this phone call: you called ${profile.callerNumber} on behalf of ${profile.brand}; you are ${profile.agentName}.`,
    '- You have already greeted them and said why you call; do not introduce yourself again.',
    ...(appointment
      ? [
          `- The call is about ${appointment.customerName}'s ${appointment.service} appointment on ${appointmentTime(appointment)} (appointment_id ${appointment.id}).`,
          '- If they confirm, call confirm_appointment. If they want another time, check availability and offer only times it returns, then reschedule. If they cancel, cancel it.',
        ]
      : []),
    ...(brief.context ? [`- What this call is about: ${brief.context}`] : []),
    '- This call is informational: no offers, promotions or sales of any kind.',
    '- If they ask not to be called again, call opt_out and confirm it.',
    '- Be brief: one or two short sentences per turn. When nothing is left, say goodbye and call end_call.',
  ].join('\n');
}
