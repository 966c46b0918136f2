import { z } from 'zod';
import { defineTool } from '../tool-spec';

export const confirmAppointment = defineTool({
  name: 'confirm_appointment',
  pack: 'reminders',
  execution: 'fast',
  effect: 'write',
  description: 'Record that the customer confirmed they will come to the appointment this reminder call is about.',
  args: z.object({ appointment_id: z.string().min(1).describe('The appointment named in your instructions') }),
});

/** The reminder agent's own tool; rescheduling and cancelling come from the tenant's vertical pack. */
export const REMINDER_TOOLS = [confirmAppointment] as const;
