import type { Prisma } from '../../libs/db/src/prisma';
import { bookingConfirmation, rescheduleConfirmation } from './sms-texts';

/** Tools whose success leaves an appointment the caller should get in writing. */
const BOOKING_TOOLS = ['book_appointment', 'book_showing'];
const RESCHEDULE_TOOLS = ['reschedule_appointment'];

export interface CallForFollowUp {
  tenant: { name: string; address: string; timeZone: string };
  toolCalls: Array<{ name: string; ok: boolean; result: unknown }>;
}

export interface FollowUpText {
  appointmentId: string;
  to: string;
  body: string;
}

/**
 * The confirmations a finished call owes: one per appointment it booked or
 * moved that is still booked, saying where it stands now (a booking moved in
 * the same call is confirmed once, at its new time).
 */
export async function appointmentConfirmations(db: Prisma.TransactionClient, call: CallForFollowUp): Promise<FollowUpText[]> {
  const touched = (tools: string[]) =>
    new Set(call.toolCalls.filter((t) => t.ok && tools.includes(t.name)).map((t) => appointmentIdOf(t.result)).filter((id) => id !== undefined));
  const booked = touched(BOOKING_TOOLS);
  const moved = touched(RESCHEDULE_TOOLS);
  const appointments = await db.appointment.findMany({
    where: { id: { in: [...booked, ...moved] }, status: 'BOOKED' },
    include: { property: { select: { address: true } } },
    orderBy: { startsAt: 'asc' },
  });
  return appointments.map((appointment) => {
    const text = {
      business: call.tenant.name,
      service: appointment.serviceName,
      startsAt: appointment.startsAt,
      timeZone: call.tenant.timeZone,
      address: appointment.property?.address ?? call.tenant.address,
    };
    return {
      appointmentId: appointment.id,
      to: appointment.contactPhone,
      body: booked.has(appointment.id) ? bookingConfirmation(text) : rescheduleConfirmation(text),
    };
  });
}

function appointmentIdOf(result: unknown): string | undefined {
  const id = (result as { data?: { appointment_id?: unknown } } | null)?.data?.appointment_id;
  return typeof id === 'string' ? id : undefined;
}
