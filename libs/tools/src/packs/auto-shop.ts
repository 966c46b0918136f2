import { z } from 'zod';
import { defineTool, e164, isoDate, localDateTime } from '../tool-spec';
import { SAY_CONSENT_WORDING } from './reminder-consent';

export const lookupCustomer = defineTool({
  name: 'lookup_customer',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'read',
  description: "Find the caller's customer record by phone number (the caller's own number when none is given).",
  args: z.object({ phone: e164().optional() }),
});

export const getCustomerVehicles = defineTool({
  name: 'get_customer_vehicles',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'read',
  description: "List a customer's vehicles.",
  args: z.object({ customer_id: z.string().min(1) }),
});

export const lookupWorkOrder = defineTool({
  name: 'lookup_work_order',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'read',
  description: "Find work orders by work-order number, or the customer's open work orders.",
  args: z
    .object({
      work_order_number: z.string().min(1).optional(),
      customer_id: z.string().min(1).optional(),
    })
    .refine((a) => a.work_order_number || a.customer_id, 'give work_order_number or customer_id'),
});

export const getWorkOrderStatus = defineTool({
  name: 'get_work_order_status',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'read',
  description: 'Status of a repair by work-order number: stage, promised time, estimate.',
  args: z.object({ work_order_number: z.string().min(1) }),
});

export const checkAvailability = defineTool({
  name: 'check_availability',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'read',
  description: 'Free appointment slots on a day (business hours minus existing bookings).',
  args: z.object({
    date: isoDate().describe('Day to check, YYYY-MM-DD'),
    service: z.string().min(1).optional().describe('Service name, to use its duration'),
  }),
});

export const bookAppointment = defineTool({
  name: 'book_appointment',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'write',
  description: `Book an appointment in a free slot. If the slot was just taken, the error lists alternatives. ${SAY_CONSENT_WORDING}`,
  args: z.object({
    start: localDateTime().describe('Slot start, YYYY-MM-DDTHH:mm local time'),
    service: z.string().min(1),
    customer_name: z.string().min(1).max(120),
    phone: e164().optional().describe("Defaults to the caller's number"),
    customer_id: z.string().min(1).optional(),
    notes: z.string().max(500).optional(),
  }),
});

export const rescheduleAppointment = defineTool({
  name: 'reschedule_appointment',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'write',
  description: 'Move an existing appointment to another free slot.',
  args: z.object({ appointment_id: z.string().min(1), new_start: localDateTime() }),
});

export const cancelAppointment = defineTool({
  name: 'cancel_appointment',
  pack: 'auto_shop',
  execution: 'fast',
  effect: 'write',
  description: 'Cancel an existing appointment.',
  args: z.object({ appointment_id: z.string().min(1), reason: z.string().max(300).optional() }),
});

export const AUTO_SHOP_TOOLS = [
  lookupCustomer,
  getCustomerVehicles,
  lookupWorkOrder,
  getWorkOrderStatus,
  checkAvailability,
  bookAppointment,
  rescheduleAppointment,
  cancelAppointment,
] as const;
