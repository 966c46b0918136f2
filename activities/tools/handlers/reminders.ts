import { AppointmentStatus } from '../../../libs/db/src/prisma';
import { fail, ok } from '../../../libs/tools/src';
import { describeAppointment } from '../scheduling';
import type { ToolHandler, ToolHandlers } from '../tool-context';

const confirmAppointment: ToolHandler<'confirm_appointment'> = async (args, ctx) => {
  const appointment = await ctx.db.appointment.findFirst({ where: { id: args.appointment_id, tenantId: ctx.tenant.id } });
  if (!appointment) return fail('appointment_not_found', 'No such appointment for this business.');
  if (appointment.status !== AppointmentStatus.BOOKED) {
    return fail('appointment_not_active', `That appointment is ${appointment.status.toLowerCase()} and cannot be confirmed.`);
  }
  // The first confirmation's time stands: a repeated one changes nothing.
  const confirmed = appointment.confirmedAt
    ? appointment
    : await ctx.db.appointment.update({ where: { id: appointment.id }, data: { confirmedAt: ctx.now } });
  return ok({ ...describeAppointment(confirmed, ctx.tenant.timeZone), confirmed: true });
};

export const REMINDER_HANDLERS = { confirm_appointment: confirmAppointment } satisfies Partial<ToolHandlers>;
