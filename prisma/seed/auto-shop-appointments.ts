import type { DateTime } from 'luxon';
import { AppointmentStatus, type PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP } from './demo-data';
import { reservedSlots, type SlotRules, slotsOfDay } from './schedule';
import { type BulkStep, insertInBatches, SEED_KEY_PREFIX, seededFaker, topUpStep } from './support';

const RULES: SlotRules = {
  timeZone: AUTO_SHOP.timeZone,
  businessHours: AUTO_SHOP.businessHours,
  slotMinutes: AUTO_SHOP.slotMinutes,
};
const DAYS_AHEAD = 14;
const DAYS_BACK = 14;
/** When the two weeks back are not enough, older days are added until the bookings fill about this share of the slots. */
const LONG_RANGE_FILL = 0.75;
const MAX_DAYS_BACK = 20 * 365;

const NOTES = ['Customer will wait', 'Needs a ride to work', 'Check the tire pressure light too', 'Fleet vehicle', 'Bring the wheel lock key'];

/**
 * Seeded bookings sit on whole slots inside business hours, from the past
 * (COMPLETED) to at most two weeks ahead (BOOKED), never beyond a slot's
 * capacity and never on the reserved slots the tests and the demo book.
 */
export async function planAppointments(
  db: PrismaClient,
  tenantId: string,
  knownCustomerId: string,
  target: number,
  now: DateTime,
): Promise<BulkStep> {
  const reserved = reservedSlots(now, RULES);
  // The demo re-seeds on every start, days apart: a booking seeded last week may sit on today's reserved slots.
  await db.appointment.deleteMany({
    where: { tenantId, sourceKey: { startsWith: SEED_KEY_PREFIX }, startsAt: { in: reserved.map((slot) => slot.toJSDate()) } },
  });

  return topUpStep(db.appointment.count({ where: { tenantId } }), target, async ({ missing, existing }, progress) => {
    const faker = seededFaker('auto-shop/appointments', existing);
    const booked = await db.appointment.findMany({ where: { tenantId }, select: { startsAt: true } });
    const bookingsPerSlot = countBy(booked.map((appointment) => appointment.startsAt.getTime()));
    const reservedMillis = new Set(reserved.map((slot) => slot.toMillis()));
    const openings = freeSlotPlaces(now, bookingsPerSlot, reservedMillis, missing);
    const customers = await db.customer.findMany({
      where: { tenantId, id: { not: knownCustomerId } },
      select: { id: true, name: true, phone: true },
      orderBy: { id: 'asc' },
    });

    const rows = faker.helpers.arrayElements(openings, missing).map((slot) => {
      const customer = faker.helpers.arrayElement(customers);
      const service = faker.helpers.arrayElement(AUTO_SHOP.services);
      const placeInSlot = bookingsPerSlot.get(slot.toMillis()) ?? 0;
      bookingsPerSlot.set(slot.toMillis(), placeInSlot + 1);
      return {
        tenantId,
        customerId: customer.id,
        contactName: customer.name,
        contactPhone: customer.phone,
        serviceName: service.name,
        startsAt: slot.toJSDate(),
        endsAt: slot.plus({ minutes: service.durationMinutes }).toJSDate(),
        status: slot.toMillis() < now.toMillis() ? AppointmentStatus.COMPLETED : AppointmentStatus.BOOKED,
        notes: faker.helpers.maybe(() => faker.helpers.arrayElement(NOTES), { probability: 0.15 }),
        sourceKey: `${SEED_KEY_PREFIX}appointment:${slot.toUTC().toISO()}#${placeInSlot}`,
      };
    });
    await insertInBatches(rows, (data) => db.appointment.createMany({ data }), progress);
  });
}

/**
 * One entry per free place (a slot with capacity 2 and one booking gives one),
 * walking back from two weeks ahead: at least the two past weeks, and further
 * back while there are too few places for `wanted` bookings at LONG_RANGE_FILL.
 */
function freeSlotPlaces(now: DateTime, bookingsPerSlot: Map<number, number>, reserved: Set<number>, wanted: number): DateTime[] {
  const today = now.setZone(RULES.timeZone).startOf('day');
  // Whole slots within 14 × 24 h of now, however a reader measures "14 days ahead".
  const latestStart = now.plus({ days: DAYS_AHEAD, minutes: -RULES.slotMinutes }).toMillis();
  const places: DateTime[] = [];
  for (let offset = DAYS_AHEAD; offset >= -MAX_DAYS_BACK && (offset >= -DAYS_BACK || places.length < wanted / LONG_RANGE_FILL); offset--) {
    for (const slot of slotsOfDay(today.plus({ days: offset }), RULES)) {
      if (slot.toMillis() > latestStart || reserved.has(slot.toMillis())) continue;
      const free = AUTO_SHOP.slotCapacity - (bookingsPerSlot.get(slot.toMillis()) ?? 0);
      for (let place = 0; place < free; place++) places.push(slot);
    }
  }
  if (places.length < wanted) throw new Error(`only ${places.length} free appointment slots for ${wanted} seeded bookings`);
  return places;
}

function countBy(keys: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
