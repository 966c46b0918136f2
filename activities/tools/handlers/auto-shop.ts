import { AppointmentStatus, WorkOrderStatus, type Prisma } from '../../../libs/db/src/prisma';
import { fail, ok, type ToolResult } from '../../../libs/tools/src';
import { phoneOrCaller } from '../caller-phone';
import { centsToDollars, formatLocalDate, localAndUtc, parseUpcomingDate, weekdayName } from '../local-time';
import {
  bookingMinutes,
  bookSlot,
  claimSlot,
  describeAppointment,
  describeSlot,
  findService,
  freeSlotsOn,
  openingSpans,
} from '../scheduling';
import type { ToolContext, ToolHandler, ToolHandlers } from '../tool-context';
import { recordBookingConsent } from './booking-consent';

type WorkOrderWithVehicle = Prisma.WorkOrderGetPayload<{ include: { vehicle: true } }>;

/** Work-order stages as the receptionist would say them. */
const WORK_ORDER_STAGES: Record<WorkOrderStatus, string> = {
  RECEIVED: 'checked in, waiting for a technician',
  DIAGNOSING: 'being diagnosed',
  WAITING_FOR_PARTS: 'waiting for parts',
  IN_PROGRESS: 'being repaired',
  READY_FOR_PICKUP: 'ready for pickup',
  PICKED_UP: 'picked up',
};

const vehicleName = (vehicle: { year: number; make: string; model: string }) => `${vehicle.year} ${vehicle.make} ${vehicle.model}`;

interface CustomerWithVehicles {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  vehicles: Array<{ year: number; make: string; model: string }>;
}

const lookupCustomer: ToolHandler<'lookup_customer'> = async (args, ctx) => {
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;
  // The hottest tool: the customer and their vehicles in one round trip (an include would take two).
  const [customer] = await ctx.db.$queryRaw<CustomerWithVehicles[]>`
    SELECT c.id, c.name, c.phone, c.email,
           COALESCE(json_agg(json_build_object('year', v.year, 'make', v.make, 'model', v.model) ORDER BY v.id)
                    FILTER (WHERE v.id IS NOT NULL), '[]') AS vehicles
    FROM "Customer" c LEFT JOIN "Vehicle" v ON v."customerId" = c.id
    WHERE c."tenantId" = ${ctx.tenant.id} AND c.phone = ${phone.data}
    GROUP BY c.id
    ORDER BY c."createdAt" ASC
    LIMIT 1`;
  if (!customer) {
    return fail('customer_not_found', `No customer has the number ${phone.data}. They can still book as a new customer.`);
  }
  return ok({
    customer_id: customer.id,
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    vehicles: customer.vehicles.map(vehicleName),
  });
};

const getCustomerVehicles: ToolHandler<'get_customer_vehicles'> = async (args, ctx) => {
  const customer = await ctx.db.customer.findFirst({
    where: { id: args.customer_id, tenantId: ctx.tenant.id },
    include: { vehicles: { orderBy: { year: 'desc' } } },
  });
  if (!customer) return customerNotFound();
  return ok({
    vehicles: customer.vehicles.map((vehicle) => ({
      vehicle: vehicleName(vehicle),
      plate: vehicle.plate,
      vin_last6: vehicle.vin.slice(-6),
    })),
  });
};

const lookupWorkOrder: ToolHandler<'lookup_work_order'> = async (args, ctx) => {
  const orders = await ctx.db.workOrder.findMany({
    where: {
      tenantId: ctx.tenant.id,
      ...(args.work_order_number ? { number: args.work_order_number } : { status: { not: WorkOrderStatus.PICKED_UP } }),
      ...(args.customer_id && { customerId: args.customer_id }),
    },
    include: { vehicle: true },
    orderBy: { createdAt: 'desc' },
  });
  if (orders.length === 0 && args.work_order_number) return workOrderNotFound(args.work_order_number);
  if (orders.length === 0 && args.customer_id && !(await customerExists(ctx, args.customer_id))) return customerNotFound();
  return ok({ work_orders: orders.map((order) => describeWorkOrder(order, ctx.tenant.timeZone)) });
};

const getWorkOrderStatus: ToolHandler<'get_work_order_status'> = async (args, ctx) => {
  const order = await ctx.db.workOrder.findUnique({
    where: { tenantId_number: { tenantId: ctx.tenant.id, number: args.work_order_number } },
    include: { vehicle: true },
  });
  if (!order) return workOrderNotFound(args.work_order_number);
  return ok(describeWorkOrder(order, ctx.tenant.timeZone));
};

function describeWorkOrder(order: WorkOrderWithVehicle, zone: string) {
  const promised = order.promisedAt && localAndUtc(order.promisedAt, zone);
  return {
    work_order_number: order.number,
    vehicle: vehicleName(order.vehicle),
    description: order.description,
    stage: WORK_ORDER_STAGES[order.status],
    promised_time: promised ? promised.local : null,
    promised_time_utc: promised ? promised.utc : null,
    estimate_dollars: order.estimateCents === null ? null : centsToDollars(order.estimateCents),
  };
}

const checkAvailability: ToolHandler<'check_availability'> = async (args, ctx) => {
  const day = parseUpcomingDate(args.date, ctx);
  if (!day.ok) return day;
  const service = args.service === undefined ? undefined : await findService(ctx, args.service);
  if (service && !service.ok) return service;

  const summary = { date: formatLocalDate(day.data), weekday: weekdayName(day.data) };
  if (openingSpans(ctx.tenant, day.data).length === 0) return ok({ ...summary, closed: true, slots: [] });
  const minutes = bookingMinutes(ctx.tenant, service?.data.durationMinutes);
  const slots = await freeSlotsOn(ctx, day.data, minutes);
  return ok({ ...summary, closed: false, duration_minutes: minutes, slots: slots.map(describeSlot) });
};

const bookAppointment: ToolHandler<'book_appointment'> = async (args, ctx) => {
  const service = await findService(ctx, args.service);
  if (!service.ok) return service;
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;
  const customerId = await customerForBooking(ctx, args.customer_id, phone.data);
  if (!customerId.ok) return customerId;

  const booked = await bookSlot(ctx, {
    start: args.start,
    minutes: bookingMinutes(ctx.tenant, service.data.durationMinutes),
    serviceName: service.data.name,
    contactName: args.customer_name,
    contactPhone: phone.data,
    customerId: customerId.data,
    notes: args.notes,
  });
  if (!booked.ok) return booked;
  await recordBookingConsent(ctx, phone.data);
  return ok(describeAppointment(booked.data, ctx.tenant.timeZone));
};

/** The given customer (which must exist), else the customer with the booking's phone, else none. */
async function customerForBooking(ctx: ToolContext, customerId: string | undefined, phone: string): Promise<ToolResult<string | null>> {
  if (customerId) return (await customerExists(ctx, customerId)) ? ok(customerId) : customerNotFound();
  const byPhone = await ctx.db.customer.findFirst({
    where: { tenantId: ctx.tenant.id, phone },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  return ok(byPhone?.id ?? null);
}

const rescheduleAppointment: ToolHandler<'reschedule_appointment'> = async (args, ctx) => {
  const appointment = await findAppointment(ctx, args.appointment_id);
  if (!appointment) return appointmentNotFound();
  if (appointment.status !== AppointmentStatus.BOOKED) {
    return fail('appointment_not_active', `That appointment is ${appointment.status.toLowerCase()} and cannot be moved.`);
  }

  const lengthMinutes = (appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000;
  const claim = await claimSlot(ctx, {
    start: args.new_start,
    minutes: bookingMinutes(ctx.tenant, lengthMinutes),
    excludeAppointmentId: appointment.id,
  });
  if (!claim.ok) return claim;
  const moved = await ctx.db.appointment.update({
    where: { id: appointment.id },
    data: { startsAt: claim.data.start.toJSDate(), endsAt: claim.data.end.toJSDate() },
  });
  return ok({
    ...describeAppointment(moved, ctx.tenant.timeZone),
    previous_start: localAndUtc(appointment.startsAt, ctx.tenant.timeZone).local,
  });
};

const cancelAppointment: ToolHandler<'cancel_appointment'> = async (args, ctx) => {
  const appointment = await findAppointment(ctx, args.appointment_id);
  if (!appointment) return appointmentNotFound();
  if (appointment.status === AppointmentStatus.CANCELLED) {
    return ok({ ...describeAppointment(appointment, ctx.tenant.timeZone), already_cancelled: true });
  }
  if (appointment.status !== AppointmentStatus.BOOKED) {
    return fail('appointment_not_cancellable', `That appointment is already ${appointment.status.toLowerCase()}.`);
  }

  const cancelled = await ctx.db.appointment.update({
    where: { id: appointment.id },
    data: {
      status: AppointmentStatus.CANCELLED,
      ...(args.reason && { notes: [appointment.notes, `Cancelled: ${args.reason}`].filter(Boolean).join('\n') }),
    },
  });
  return ok({ ...describeAppointment(cancelled, ctx.tenant.timeZone), already_cancelled: false });
};

function findAppointment(ctx: ToolContext, appointmentId: string) {
  return ctx.db.appointment.findFirst({ where: { id: appointmentId, tenantId: ctx.tenant.id } });
}

async function customerExists(ctx: ToolContext, customerId: string): Promise<boolean> {
  return (await ctx.db.customer.count({ where: { id: customerId, tenantId: ctx.tenant.id } })) > 0;
}

const customerNotFound = () => fail('customer_not_found', 'There is no customer with that id. Look the caller up by phone first.');
const appointmentNotFound = () => fail('appointment_not_found', 'There is no appointment with that id.');
const workOrderNotFound = (number: string) =>
  fail('work_order_not_found', `There is no work order ${number}. Ask the caller to check the number.`);

export const AUTO_SHOP_HANDLERS = {
  lookup_customer: lookupCustomer,
  get_customer_vehicles: getCustomerVehicles,
  lookup_work_order: lookupWorkOrder,
  get_work_order_status: getWorkOrderStatus,
  check_availability: checkAvailability,
  book_appointment: bookAppointment,
  reschedule_appointment: rescheduleAppointment,
  cancel_appointment: cancelAppointment,
} satisfies Partial<ToolHandlers>;
