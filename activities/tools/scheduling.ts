import { DateTime } from 'luxon';
import { AppointmentStatus, type Prisma } from '../../libs/db/src/prisma';
import { fail, ok, type ToolResult } from '../../libs/tools/src';
import { lockTenant } from './tenant-lock';
import { atTimeOfDay, formatLocalDateTime, formatUtc, localNow, parseFutureLocalDateTime, weekdayName, weekdayOf } from './local-time';
import type { BusinessHours, TenantProfile, ToolContext, Weekday } from './tool-context';

/** A bookable interval, in the tenant's zone. */
export interface Slot {
  start: DateTime;
  end: DateTime;
}

interface OpeningSpan {
  open: DateTime;
  close: DateTime;
}

interface Booking {
  startsAt: Date;
  endsAt: Date;
}

export interface SlotRequest {
  /** YYYY-MM-DDTHH:mm, tenant-local. */
  start: string;
  /** From `bookingMinutes`. */
  minutes: number;
  /** The appointment being moved: it does not compete with itself. */
  excludeAppointmentId?: string;
}

export interface BookingRequest {
  start: string;
  minutes: number;
  serviceName: string;
  contactName: string;
  contactPhone: string;
  customerId?: string | null;
  propertyId?: string;
  notes?: string;
}

const ALTERNATIVES_WANTED = 3;
/** How many days after the requested one the alternatives search looks at. */
const ALTERNATIVE_SEARCH_DAYS = 14;

/** A service's length rounded up to whole slots (at least one), in minutes. */
export function bookingMinutes(tenant: TenantProfile, serviceMinutes?: number): number {
  const slots = Math.max(1, Math.ceil((serviceMinutes ?? tenant.slotMinutes) / tenant.slotMinutes));
  return slots * tenant.slotMinutes;
}

/** The opening spans of one local day; empty when closed. */
export function openingSpans(tenant: TenantProfile, day: DateTime): OpeningSpan[] {
  return (tenant.businessHours[weekdayOf(day)] ?? []).map(({ open, close }) => ({
    open: atTimeOfDay(day, open),
    close: atTimeOfDay(day, close),
  }));
}

/** The tenant's service by name, in any case; a failure listing the services otherwise. */
export async function findService(ctx: ToolContext, name: string): Promise<ToolResult<{ name: string; durationMinutes: number }>> {
  const services = await ctx.db.service.findMany({
    where: { tenantId: ctx.tenant.id },
    select: { name: true, durationMinutes: true },
    orderBy: { name: 'asc' },
  });
  const service = services.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  if (service) return ok(service);
  return fail('unknown_service', `We don't offer "${name}".`, { services: services.map((s) => s.name) });
}

/** What the model sees of a slot: local start/end, plus the start in UTC. */
export function describeSlot(slot: Slot): { start: string; end: string; start_utc: string } {
  return { start: formatLocalDateTime(slot.start), end: formatLocalDateTime(slot.end), start_utc: formatUtc(slot.start) };
}

/** One day's opening hours as said aloud: "08:00-17:00", "open 24 hours" or "closed". */
export function describeDayHours(spans: BusinessHours[Weekday]): string {
  if (!spans?.length) return 'closed';
  if (spans.length === 1 && spans[0].open === '00:00' && spans[0].close === '24:00') return 'open 24 hours';
  return spans.map((span) => `${span.open}-${span.close}`).join(', ');
}

/** Whether `time` falls inside the business hours of its day. */
export function isOpenAt(tenant: TenantProfile, time: DateTime): boolean {
  return openingSpans(tenant, time.startOf('day')).some((span) => time >= span.open && time < span.close);
}

/** What the model sees of an appointment. */
export function describeAppointment(appointment: Prisma.AppointmentModel, zone: string) {
  const slot = {
    start: DateTime.fromJSDate(appointment.startsAt, { zone }),
    end: DateTime.fromJSDate(appointment.endsAt, { zone }),
  };
  return {
    appointment_id: appointment.id,
    service: appointment.serviceName,
    ...describeSlot(slot),
    name: appointment.contactName,
    phone: appointment.contactPhone,
    status: appointment.status.toLowerCase(),
  };
}

/** Free slots of one local day: business hours cut into slots, minus full and past ones. */
export async function freeSlotsOn(ctx: ToolContext, day: DateTime, minutes: number, excludeAppointmentId?: string): Promise<Slot[]> {
  const now = localNow(ctx);
  const candidates = slotGrid(ctx.tenant, day, minutes).filter((slot) => slot.start > now);
  if (candidates.length === 0) return [];
  const bookings = await loadBookings(ctx, candidates[0].start, candidates[candidates.length - 1].end, excludeAppointmentId);
  return candidates.filter((slot) => hasRoom(ctx.tenant, slot, bookings));
}

/** Claims the slot and writes the BOOKED appointment, keyed by the tool call. */
export async function bookSlot(ctx: ToolContext, request: BookingRequest): Promise<ToolResult<Prisma.AppointmentModel>> {
  const claim = await claimSlot(ctx, { start: request.start, minutes: request.minutes });
  if (!claim.ok) return claim;
  const appointment = await ctx.db.appointment.create({
    data: {
      tenantId: ctx.tenant.id,
      customerId: request.customerId ?? null,
      propertyId: request.propertyId ?? null,
      contactName: request.contactName,
      contactPhone: request.contactPhone,
      serviceName: request.serviceName,
      startsAt: claim.data.start.toJSDate(),
      endsAt: claim.data.end.toJSDate(),
      status: AppointmentStatus.BOOKED,
      notes: request.notes ?? null,
      sourceKey: ctx.toolCallId,
    },
  });
  return ok(appointment);
}

/**
 * Validates a requested start and holds the tenant lock while it
 * checks capacity: on `ok` the caller writes its appointment in the same
 * transaction, and no concurrent booking can take the slot in between.
 */
export async function claimSlot(ctx: ToolContext, request: SlotRequest): Promise<ToolResult<Slot>> {
  const requested = requestedSlot(ctx, request);
  if (!requested.ok) return requested;
  const slot = requested.data;

  await lockTenant(ctx);
  const bookings = await loadBookings(ctx, slot.start, slot.end, request.excludeAppointmentId);
  if (hasRoom(ctx.tenant, slot, bookings)) return ok(slot);

  const alternatives = await nearestFreeSlots(ctx, slot, request.minutes, request.excludeAppointmentId);
  return fail('slot_taken', `${formatLocalDateTime(slot.start)} is already taken. Offer one of the alternatives.`, {
    alternatives: alternatives.map(describeSlot),
  });
}

/** The requested slot if it is a real, future slot inside business hours; the reason otherwise. */
function requestedSlot(ctx: ToolContext, request: SlotRequest): ToolResult<Slot> {
  const parsed = parseFutureLocalDateTime(request.start, ctx);
  if (!parsed.ok) return parsed;
  const start = parsed.data;

  const day = start.startOf('day');
  const spans = openingSpans(ctx.tenant, day);
  if (spans.length === 0) return fail('closed', `We are closed on ${weekdayName(start)}s.`);

  const slot = slotGrid(ctx.tenant, day, request.minutes).find((candidate) => candidate.start.equals(start));
  if (slot) return ok(slot);
  const hours = describeDayHours(ctx.tenant.businessHours[weekdayOf(day)]);
  if (spans.some((span) => start >= span.open && start < span.close && !isOnGrid(ctx.tenant, span, start))) {
    return fail('slot_not_aligned', `Appointments start every ${ctx.tenant.slotMinutes} minutes from opening (${hours}).`);
  }
  return fail(
    'outside_business_hours',
    `On ${weekdayName(start)}s we are open ${hours}, and a ${request.minutes}-minute booking must end by closing.`,
  );
}

/** Every slot of the day where a booking of `minutes` fits before closing. */
function slotGrid(tenant: TenantProfile, day: DateTime, minutes: number): Slot[] {
  const slots: Slot[] = [];
  for (const span of openingSpans(tenant, day)) {
    for (let start = span.open; start.plus({ minutes }) <= span.close; start = start.plus({ minutes: tenant.slotMinutes })) {
      slots.push({ start, end: start.plus({ minutes }) });
    }
  }
  return slots;
}

function isOnGrid(tenant: TenantProfile, span: OpeningSpan, start: DateTime): boolean {
  return start.diff(span.open, 'minutes').minutes % tenant.slotMinutes === 0;
}

/** BOOKED appointments of the tenant overlapping [from, to). */
function loadBookings(ctx: ToolContext, from: DateTime, to: DateTime, excludeAppointmentId?: string): Promise<Booking[]> {
  return ctx.db.appointment.findMany({
    where: {
      tenantId: ctx.tenant.id,
      status: AppointmentStatus.BOOKED,
      startsAt: { lt: to.toJSDate() },
      endsAt: { gt: from.toJSDate() },
      ...(excludeAppointmentId ? { id: { not: excludeAppointmentId } } : {}),
    },
    select: { startsAt: true, endsAt: true },
  });
}

/** True when every slot-sized piece of `slot` holds fewer than `slotCapacity` overlapping bookings. */
function hasRoom(tenant: TenantProfile, slot: Slot, bookings: Booking[]): boolean {
  for (let piece = slot.start; piece < slot.end; piece = piece.plus({ minutes: tenant.slotMinutes })) {
    const pieceStart = piece.toMillis();
    const pieceEnd = piece.plus({ minutes: tenant.slotMinutes }).toMillis();
    const overlapping = bookings.filter((b) => b.startsAt.getTime() < pieceEnd && b.endsAt.getTime() > pieceStart).length;
    if (overlapping >= tenant.slotCapacity) return false;
  }
  return true;
}

/** Up to three free slots: the closest ones on the requested day, then the earliest on the following open days. */
async function nearestFreeSlots(ctx: ToolContext, requested: Slot, minutes: number, excludeAppointmentId?: string): Promise<Slot[]> {
  const day = requested.start.startOf('day');
  const distance = (slot: Slot) => Math.abs(slot.start.toMillis() - requested.start.toMillis());
  const sameDay = await freeSlotsOn(ctx, day, minutes, excludeAppointmentId);
  const picked = sameDay.sort((a, b) => distance(a) - distance(b)).slice(0, ALTERNATIVES_WANTED);
  for (let offset = 1; picked.length < ALTERNATIVES_WANTED && offset <= ALTERNATIVE_SEARCH_DAYS; offset++) {
    const later = await freeSlotsOn(ctx, day.plus({ days: offset }), minutes, excludeAppointmentId);
    picked.push(...later.slice(0, ALTERNATIVES_WANTED - picked.length));
  }
  return picked;
}
