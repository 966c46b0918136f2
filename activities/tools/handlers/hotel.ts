import { DateTime } from 'luxon';
import { SmsStatus } from '../../../libs/db/src/prisma';
import { fail, ok, type ToolResult } from '../../../libs/tools/src';
import { phoneOrCaller } from '../caller-phone';
import { centsToDollars, formatLocalDate, parseLocalDate, parseUpcomingDate } from '../local-time';
import { lockTenant } from '../tenant-lock';
import type { ToolContext, ToolHandler, ToolHandlers } from '../tool-context';
import { isOptedOut } from '../../consent/do-not-contact';
import { tenantSenderNumber } from '../../sms/sender-number';
import { recordBookingConsent } from './booking-consent';

const MAX_NIGHTS = 30;
const PAYMENT_LINK_BASE = 'https://pay.example.com/r/';

const RESERVATION_STATUS = {
  requested: 'REQUESTED',
  paymentLinkSent: 'PAYMENT_LINK_SENT',
  confirmed: 'CONFIRMED',
  cancelled: 'CANCELLED',
} as const;
/** Reservation requests in these states hold a room of their type. */
const HOLDING_STATUSES: string[] = [RESERVATION_STATUS.requested, RESERVATION_STATUS.paymentLinkSent, RESERVATION_STATUS.confirmed];

/** Check-in and check-out days, tenant-local. */
interface Stay {
  checkIn: DateTime;
  checkOut: DateTime;
  nights: number;
}

interface RoomTypeAvailability {
  roomType: string;
  /** Rooms of this type free on every night of the stay. */
  roomsLeft: number;
  nightlyRateCents: number;
  maxGuests: number;
}

const checkRoomAvailability: ToolHandler<'check_room_availability'> = async (args, ctx) => {
  const stay = parseStay(args, ctx);
  if (!stay.ok) return stay;
  const types = await roomAvailability(ctx, stay.data);

  const offered = offeredRoomTypes(types, args.room_type, args.guests);
  if (!offered.ok) return offered;
  return ok({
    ...describeStay(stay.data),
    guests: args.guests,
    room_types: offered.data.map((type) => describeRoomType(type, stay.data.nights)),
  });
};

const createReservationRequest: ToolHandler<'create_reservation_request'> = async (args, ctx) => {
  const stay = parseStay(args, ctx);
  if (!stay.ok) return stay;
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;

  await lockTenant(ctx); // the availability check and the insert must not interleave with another request
  const types = await roomAvailability(ctx, stay.data);
  const type = roomTypeForGuests(types, args.room_type, args.guests);
  if (!type.ok) return type;
  if (type.data.roomsLeft <= 0) {
    const alternatives = types.filter((t) => t !== type.data && t.roomsLeft > 0 && t.maxGuests >= args.guests);
    return fail('room_unavailable', `No ${roomTypeName(args.room_type)} room is free for every night of that stay.`, {
      alternatives: alternatives.map((t) => describeRoomType(t, stay.data.nights)),
    });
  }

  const request = await ctx.db.reservationRequest.create({
    data: {
      tenantId: ctx.tenant.id,
      roomType: args.room_type,
      checkIn: asDbDate(stay.data.checkIn),
      checkOut: asDbDate(stay.data.checkOut),
      guests: args.guests,
      guestName: args.guest_name,
      guestPhone: phone.data,
      quotedCents: stay.data.nights * type.data.nightlyRateCents,
      status: RESERVATION_STATUS.requested,
      sourceKey: ctx.toolCallId,
    },
  });
  await recordBookingConsent(ctx, phone.data);
  return ok({
    reservation_request_id: request.id,
    room_type: request.roomType,
    ...describeStay(stay.data),
    guests: request.guests,
    total_dollars: centsToDollars(request.quotedCents),
    status: 'requested',
  });
};

const sendPaymentLink: ToolHandler<'send_payment_link'> = async (args, ctx) => {
  const request = await ctx.db.reservationRequest.findFirst({ where: { id: args.reservation_request_id, tenantId: ctx.tenant.id } });
  if (!request) return fail('reservation_not_found', 'There is no reservation request with that id.');
  if (request.status === RESERVATION_STATUS.confirmed) return fail('already_paid', 'That reservation is already paid and confirmed.');
  if (request.status === RESERVATION_STATUS.cancelled) return fail('reservation_cancelled', 'That reservation request was cancelled.');
  // The number the request was made with (itself defaulted to the caller's) unless the guest names another.
  const toNumber = args.phone ?? request.guestPhone;
  if (await isOptedOut(ctx.db, ctx.tenant.id, toNumber, 'sms')) {
    return fail('sms_opted_out', `${toNumber} has opted out of text messages. Offer a callback instead.`);
  }
  const fromNumber = await tenantSenderNumber(ctx.db, ctx.tenant.id);
  if (!fromNumber) return fail('sms_unavailable', 'We cannot send texts right now. Offer a callback instead.');

  const link = `${PAYMENT_LINK_BASE}${request.id}`;
  await ctx.db.reservationRequest.update({
    where: { id: request.id },
    data: { status: RESERVATION_STATUS.paymentLinkSent, paymentLinkRequestedAt: ctx.now },
  });
  // One text per reservation and number on a call, however often the agent asks for it: a repeat is already queued.
  await ctx.db.smsMessage.createMany({
    data: [{
      tenantId: ctx.tenant.id,
      callSid: ctx.callSid ?? null,
      toNumber,
      fromNumber,
      body: `${ctx.tenant.name}: to confirm your stay from ${formatDbDate(request.checkIn)} to ${formatDbDate(request.checkOut)} ($${centsToDollars(request.quotedCents)}), pay here: ${link}`,
      status: SmsStatus.QUEUED,
      sourceKey: ctx.callSid ? `payment-link:${ctx.callSid}:${request.id}:${toNumber}` : ctx.toolCallId,
    }],
    skipDuplicates: true,
  });
  return ok({ reservation_request_id: request.id, texted_to: toNumber, status: 'payment_link_sent' });
};

function parseStay(args: { check_in: string; check_out: string }, ctx: ToolContext): ToolResult<Stay> {
  const checkIn = parseUpcomingDate(args.check_in, ctx);
  if (!checkIn.ok) return checkIn;
  const checkOut = parseLocalDate(args.check_out, ctx.tenant.timeZone);
  if (!checkOut) return fail('invalid_date', `${args.check_out} is not a valid date.`);
  const nights = Math.round(checkOut.diff(checkIn.data, 'days').days);
  if (nights < 1) return fail('invalid_date_range', 'Check-out must be at least one day after check-in.');
  if (nights > MAX_NIGHTS) return fail('stay_too_long', `We take reservation requests for up to ${MAX_NIGHTS} nights.`);
  return ok({ checkIn: checkIn.data, checkOut, nights });
}

/** Every room type of the tenant with the rooms still free on each night of the stay. */
async function roomAvailability(ctx: ToolContext, stay: Stay): Promise<RoomTypeAvailability[]> {
  const inventory = await ctx.db.room.groupBy({
    by: ['roomType'],
    where: { tenantId: ctx.tenant.id },
    _count: { _all: true },
    _min: { nightlyRateCents: true },
    _max: { maxGuests: true },
    orderBy: { roomType: 'asc' },
  });
  const holds = await ctx.db.reservationRequest.findMany({
    where: {
      tenantId: ctx.tenant.id,
      status: { in: HOLDING_STATUSES },
      checkIn: { lt: asDbDate(stay.checkOut) },
      checkOut: { gt: asDbDate(stay.checkIn) },
    },
    select: { roomType: true, checkIn: true, checkOut: true },
  });
  return inventory.map((type) => ({
    roomType: type.roomType,
    roomsLeft: type._count._all - busiestNightHolds(holds.filter((hold) => hold.roomType === type.roomType), stay),
    nightlyRateCents: type._min.nightlyRateCents ?? 0,
    maxGuests: type._max.maxGuests ?? 0,
  }));
}

/** The most rooms held on any single night of the stay. */
function busiestNightHolds(holds: Array<{ checkIn: Date; checkOut: Date }>, stay: Stay): number {
  let busiest = 0;
  for (let night = 0; night < stay.nights; night++) {
    const date = asDbDate(stay.checkIn.plus({ days: night })).getTime();
    const held = holds.filter((hold) => hold.checkIn.getTime() <= date && hold.checkOut.getTime() > date).length;
    busiest = Math.max(busiest, held);
  }
  return busiest;
}

/** The asked-for room type, or every type, that fits the party. */
function offeredRoomTypes(types: RoomTypeAvailability[], roomType: string | undefined, guests: number): ToolResult<RoomTypeAvailability[]> {
  if (!roomType) return roomTypesForGuests(types, guests);
  const type = roomTypeForGuests(types, roomType, guests);
  return type.ok ? ok([type.data]) : type;
}

function roomTypeForGuests(types: RoomTypeAvailability[], roomType: string, guests: number): ToolResult<RoomTypeAvailability> {
  const type = types.find((t) => t.roomType === roomType);
  if (!type) return fail('unknown_room_type', `We have no ${roomTypeName(roomType)} rooms.`);
  if (type.maxGuests < guests) {
    return fail('too_many_guests', `A ${roomTypeName(roomType)} room sleeps at most ${type.maxGuests}.`);
  }
  return ok(type);
}

function roomTypesForGuests(types: RoomTypeAvailability[], guests: number): ToolResult<RoomTypeAvailability[]> {
  const fitting = types.filter((t) => t.maxGuests >= guests);
  if (fitting.length > 0) return ok(fitting);
  const largest = Math.max(0, ...types.map((t) => t.maxGuests));
  return fail('too_many_guests', `Our largest room sleeps ${largest}. A group of ${guests} needs more than one reservation.`);
}

function describeRoomType(type: RoomTypeAvailability, nights: number) {
  return {
    room_type: type.roomType,
    available: type.roomsLeft > 0,
    rooms_left: Math.max(0, type.roomsLeft),
    max_guests: type.maxGuests,
    nightly_rate_dollars: centsToDollars(type.nightlyRateCents),
    total_dollars: centsToDollars(type.nightlyRateCents * nights),
  };
}

function describeStay(stay: Stay) {
  return { check_in: formatLocalDate(stay.checkIn), check_out: formatLocalDate(stay.checkOut), nights: stay.nights };
}

const roomTypeName = (roomType: string) => roomType.replace(/_/g, ' ');

/** A local calendar day as a @db.Date value: midnight UTC of that date. */
const asDbDate = (day: DateTime): Date => DateTime.fromISO(formatLocalDate(day), { zone: 'utc' }).toJSDate();
const formatDbDate = (date: Date): string => formatLocalDate(DateTime.fromJSDate(date, { zone: 'utc' }));

export const HOTEL_HANDLERS = {
  check_room_availability: checkRoomAvailability,
  create_reservation_request: createReservationRequest,
  send_payment_link: sendPaymentLink,
} satisfies Partial<ToolHandlers>;
