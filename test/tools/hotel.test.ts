import { randomUUID } from 'node:crypto';
import { HOTEL, KNOWN } from '../../prisma/seed/demo-data';
import { localDate, mondayInWeeks } from '../../simulators/fixtures/fixture-clock';
import { failure, okData, openTenantHarness, type TenantHarness } from './tool-harness';

const GUEST = KNOWN.hotel.guest;
const RATES = KNOWN.hotel.nightlyRateCents;

interface RoomTypeView {
  room_type: string;
  available: boolean;
  rooms_left: number;
  max_guests: number;
  nightly_rate_dollars: number;
  total_dollars: number;
}

interface AvailabilityView {
  check_in: string;
  check_out: string;
  nights: number;
  room_types: RoomTypeView[];
}

interface ReservationView {
  reservation_request_id: string;
  room_type: string;
  nights: number;
  total_dollars: number;
  status: string;
}

// Harbor Inn: 10 kings, 8 queen doubles, 2 suites. The clock is a Monday at 10:00
// five weeks out; every test uses stays of its own.
let hotel: TenantHarness;
const stay = (fromDay: number, nights: number) => ({
  check_in: localDate(hotel.now.plus({ days: fromDay })),
  check_out: localDate(hotel.now.plus({ days: fromDay + nights })),
});

beforeAll(async () => {
  hotel = await openTenantHarness('harbor-inn', mondayInWeeks(5, 10), GUEST.phone);
});
afterAll(() => hotel.close());

async function roomsLeft(dates: { check_in: string; check_out: string }, roomType: string): Promise<number> {
  const result = okData<AvailabilityView>(await hotel.call('check_room_availability', { ...dates, guests: 2, room_type: roomType }));
  return result.room_types[0].rooms_left;
}

const reserve = (dates: { check_in: string; check_out: string }, roomType: string, options: { toolCallId?: string } = {}) =>
  hotel.call('create_reservation_request', { ...dates, guests: 2, room_type: roomType, guest_name: GUEST.name }, options);

describe('check_room_availability', () => {
  it('lists the room types that fit the party, with rates and stay totals in dollars', async () => {
    const result = okData<AvailabilityView>(await hotel.call('check_room_availability', { ...stay(7, 2), guests: 2 }));
    expect(result).toMatchObject({ ...stay(7, 2), nights: 2 });
    expect(result.room_types).toEqual([
      { room_type: 'king', available: true, rooms_left: 10, max_guests: 2, nightly_rate_dollars: 189, total_dollars: 378 },
      { room_type: 'queen_double', available: true, rooms_left: 8, max_guests: 4, nightly_rate_dollars: 219, total_dollars: 438 },
      { room_type: 'suite', available: true, rooms_left: 2, max_guests: 4, nightly_rate_dollars: 399, total_dollars: 798 },
    ]);

    const family = okData<AvailabilityView>(await hotel.call('check_room_availability', { ...stay(7, 2), guests: 4 }));
    expect(family.room_types.map((type) => type.room_type)).toEqual(['queen_double', 'suite']);
  });

  it('refuses impossible stays and parties', async () => {
    const check = (args: object) => hotel.call('check_room_availability', { guests: 2, ...args });
    failure(await check({ check_in: stay(9, 0).check_in, check_out: stay(8, 0).check_in }), 'invalid_date_range');
    failure(await check(stay(9, 0)), 'invalid_date_range');
    failure(await check(stay(9, 31)), 'stay_too_long');
    failure(await check(stay(-1, 2)), 'date_in_past');
    failure(await check({ ...stay(9, 2), guests: 3, room_type: 'king' }), 'too_many_guests');
    failure(await check({ ...stay(9, 2), guests: 5 }), 'too_many_guests');
  });
});

describe('create_reservation_request', () => {
  it('holds a room: availability goes down by one and the quote is nights × rate', async () => {
    const dates = stay(14, 3);
    const before = await roomsLeft(dates, 'suite');
    const toolCallId = randomUUID();
    const request = okData<ReservationView>(await reserve(dates, 'suite', { toolCallId }));
    expect(request).toMatchObject({ room_type: 'suite', nights: 3, total_dollars: (3 * RATES.suite) / 100, status: 'requested' });
    expect(await roomsLeft(dates, 'suite')).toBe(before - 1);
    expect(await roomsLeft(stay(15, 1), 'suite')).toBe(before - 1);

    const row = await hotel.db.reservationRequest.findUniqueOrThrow({ where: { id: request.reservation_request_id } });
    expect(row).toMatchObject({ status: 'REQUESTED', guestPhone: GUEST.phone, quotedCents: 3 * RATES.suite, sourceKey: toolCallId });

    expect(okData(await reserve(dates, 'suite', { toolCallId }))).toEqual(request);
    expect(await hotel.db.reservationRequest.count({ where: { sourceKey: toolCallId } })).toBe(1);
    expect(await roomsLeft(dates, 'suite')).toBe(before - 1);
  });

  it('refuses a sold-out room type with the types still free, and frees the room on check-out day', async () => {
    const dates = stay(21, 2);
    const attempts = await Promise.all([reserve(dates, 'suite'), reserve(dates, 'suite'), reserve(dates, 'suite')]);
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(KNOWN.hotel.rooms.suite);

    const soldOut = failure(attempts.find((attempt) => !attempt.ok)!, 'room_unavailable');
    const { alternatives } = soldOut.details as { alternatives: RoomTypeView[] };
    expect(alternatives.map((type) => type.room_type)).toEqual(['king', 'queen_double']);
    expect(await roomsLeft(dates, 'suite')).toBe(0);
    expect(await roomsLeft(stay(23, 2), 'suite')).toBe(KNOWN.hotel.rooms.suite);
  });

  it('needs a phone number for the guest', async () => {
    failure(
      await hotel.call('create_reservation_request', { ...stay(10, 1), guests: 1, room_type: 'king', guest_name: 'X' }, { callerNumber: null }),
      'phone_required',
    );
  });
});

describe('send_payment_link', () => {
  it('marks the request and queues a text with the payment link from the hotel’s number', async () => {
    const request = okData<ReservationView>(await reserve(stay(28, 2), 'king'));
    const toolCallId = randomUUID();
    const sent = okData(await hotel.call('send_payment_link', { reservation_request_id: request.reservation_request_id }, { toolCallId }));
    expect(sent).toEqual({ reservation_request_id: request.reservation_request_id, texted_to: GUEST.phone, status: 'payment_link_sent' });

    const row = await hotel.db.reservationRequest.findUniqueOrThrow({ where: { id: request.reservation_request_id } });
    expect(row.status).toBe('PAYMENT_LINK_SENT');
    expect(row.paymentLinkRequestedAt?.toISOString()).toBe(hotel.now.toUTC().toISO());
    const sms = await hotel.db.smsMessage.findUniqueOrThrow({ where: { sourceKey: toolCallId } });
    expect(sms).toMatchObject({ tenantId: hotel.tenantId, toNumber: GUEST.phone, fromNumber: HOTEL.phoneNumber, status: 'QUEUED' });
    expect(sms.body).toContain(`https://pay.example.com/r/${request.reservation_request_id}`);
    expect(await roomsLeft(stay(28, 2), 'king')).toBe(KNOWN.hotel.rooms.king - 1);
  });

  it('sends to another number when asked, and not for a paid or unknown request', async () => {
    const request = okData<ReservationView>(await reserve(stay(35, 1), 'queen_double'));
    const sent = okData<{ texted_to: string }>(
      await hotel.call('send_payment_link', { reservation_request_id: request.reservation_request_id, phone: '+16195550999' }),
    );
    expect(sent.texted_to).toBe('+16195550999');

    await hotel.db.reservationRequest.update({ where: { id: request.reservation_request_id }, data: { status: 'CONFIRMED' } });
    failure(await hotel.call('send_payment_link', { reservation_request_id: request.reservation_request_id }), 'already_paid');
    failure(await hotel.call('send_payment_link', { reservation_request_id: 'nope' }), 'reservation_not_found');
  });
});
