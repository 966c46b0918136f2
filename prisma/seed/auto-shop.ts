import type { Faker } from '@faker-js/faker';
import type { DateTime } from 'luxon';
import { type PrismaClient, WorkOrderStatus } from '../../libs/db/src/prisma';
import { planAppointments } from './auto-shop-appointments';
import { insertSeededConsents } from './consents';
import { AUTO_SHOP, KNOWN } from './demo-data';
import {
  type BulkStep,
  exampleEmail,
  generatedPersonName,
  insertInBatches,
  nextSequenceNumber,
  PhoneNumberPool,
  seededFaker,
  seededId,
  topUpStep,
} from './support';
import type { SeedTargets } from './targets';

const AUSTIN_AREA_CODES = ['512', '737'];
const KNOWN_ESTIMATE_CENTS = 48_000;
/** Share of generated work orders still in the shop; the rest are picked up. */
const OPEN_WORK_ORDER_SHARE = 0.25;

/**
 * Writes Maria Lopez, her Civic and WO-1001, then returns the bulk steps.
 * Generated vehicles, work orders and appointments never attach to Maria:
 * the scripted calls expect exactly her one car and one repair.
 */
export async function prepareAutoShop(db: PrismaClient, tenantId: string, targets: SeedTargets, now: DateTime): Promise<BulkStep[]> {
  const knownCustomerId = await upsertKnownRecords(db, tenantId, now);
  const generated = { tenantId, id: { not: knownCustomerId } };
  const vehicleOwners = { tenantId, customerId: { not: knownCustomerId } };
  return [
    await topUpStep(db.customer.count({ where: { tenantId } }), targets.customers, async ({ missing, existing }, progress) => {
      const faker = seededFaker('auto-shop/customers', existing);
      const inUse = await db.customer.findMany({ where: { tenantId }, select: { phone: true } });
      const phones = new PhoneNumberPool(faker, AUSTIN_AREA_CODES, inUse.map((customer) => customer.phone));
      const rows = Array.from({ length: missing }, () => {
        const person = generatedPersonName(faker);
        const email = faker.datatype.boolean(0.7) ? exampleEmail(faker, person) : null;
        return { id: seededId(faker), tenantId, name: person.fullName, phone: phones.next(), email };
      });
      await insertInBatches(rows, (data) => db.customer.createMany({ data }), progress);
      await insertSeededConsents(db, tenantId, rows.map((row) => row.phone), now.toJSDate());
    }),

    await topUpStep(db.vehicle.count({ where: { tenantId } }), targets.vehicles, async ({ missing, existing }, progress) => {
      const faker = seededFaker('auto-shop/vehicles', existing);
      const byId = { id: 'asc' } as const;
      const carless = await db.customer.findMany({ where: { ...generated, vehicles: { none: {} } }, select: { id: true }, orderBy: byId });
      const everyone = await db.customer.findMany({ where: generated, select: { id: true }, orderBy: byId });
      // Every customer gets a car first; the rest go to random households as second or third cars.
      const owners = [
        ...carless.slice(0, missing),
        ...Array.from({ length: Math.max(0, missing - carless.length) }, () => faker.helpers.arrayElement(everyone)),
      ];
      const rows = owners.map((owner) => ({ id: seededId(faker), tenantId, customerId: owner.id, ...randomVehicle(faker) }));
      await insertInBatches(rows, (data) => db.vehicle.createMany({ data }), progress);
    }),

    await topUpStep(db.workOrder.count({ where: { tenantId } }), targets.workOrders, async ({ missing, existing }, progress) => {
      const faker = seededFaker('auto-shop/work-orders', existing);
      const vehicles = await db.vehicle.findMany({ where: vehicleOwners, select: { id: true, customerId: true }, orderBy: { id: 'asc' } });
      const numbers = await db.workOrder.findMany({ where: { tenantId }, select: { number: true } });
      const first = nextSequenceNumber(numbers.map((order) => order.number), 'WO-', 1002);
      const rows = Array.from({ length: missing }, (_, index) => {
        const vehicle = faker.helpers.arrayElement(vehicles);
        return { tenantId, number: `WO-${first + index}`, customerId: vehicle.customerId, vehicleId: vehicle.id, ...randomRepair(faker, now) };
      });
      await insertInBatches(rows, (data) => db.workOrder.createMany({ data }), progress);
    }),

    await planAppointments(db, tenantId, knownCustomerId, targets.appointments, now),
  ];
}

async function upsertKnownRecords(db: PrismaClient, tenantId: string, now: DateTime): Promise<string> {
  const { customer, vehicle, workOrder } = KNOWN.autoShop;

  const existingCustomer = await db.customer.findFirst({ where: { tenantId, phone: customer.phone }, select: { id: true } });
  const { id: customerId } = existingCustomer
    ? await db.customer.update({ where: { id: existingCustomer.id }, data: customer, select: { id: true } })
    : await db.customer.create({ data: { tenantId, ...customer }, select: { id: true } });

  const existingVehicle = await db.vehicle.findFirst({ where: { tenantId, vin: vehicle.vin }, select: { id: true } });
  const { id: vehicleId } = existingVehicle
    ? await db.vehicle.update({ where: { id: existingVehicle.id }, data: { customerId, ...vehicle }, select: { id: true } })
    : await db.vehicle.create({ data: { tenantId, customerId, ...vehicle }, select: { id: true } });

  // Day-precise, so seeding twice on one day writes the same value.
  const promisedAt = now.setZone(AUTO_SHOP.timeZone).startOf('day').plus({ days: 2 }).set({ hour: 16 }).toJSDate();
  const fields = {
    customerId,
    vehicleId,
    status: workOrder.status,
    description: workOrder.description,
    estimateCents: KNOWN_ESTIMATE_CENTS,
    promisedAt,
  };
  await db.workOrder.upsert({
    where: { tenantId_number: { tenantId, number: workOrder.number } },
    create: { tenantId, number: workOrder.number, ...fields },
    update: fields,
  });
  return customerId;
}

const MODELS_BY_MAKE: Record<string, readonly string[]> = {
  Toyota: ['Camry', 'Corolla', 'RAV4', 'Tacoma', 'Highlander', 'Tundra'],
  Honda: ['Civic', 'Accord', 'CR-V', 'Pilot', 'Odyssey'],
  Ford: ['F-150', 'Escape', 'Explorer', 'Mustang', 'Ranger'],
  Chevrolet: ['Silverado 1500', 'Malibu', 'Equinox', 'Tahoe'],
  Nissan: ['Altima', 'Sentra', 'Rogue', 'Frontier'],
  Hyundai: ['Elantra', 'Sonata', 'Tucson', 'Santa Fe'],
  Kia: ['Forte', 'Sorento', 'Soul', 'Telluride'],
  Jeep: ['Wrangler', 'Grand Cherokee', 'Cherokee'],
  Subaru: ['Outback', 'Forester', 'Crosstrek'],
  Ram: ['1500', '2500'],
  GMC: ['Sierra 1500', 'Yukon'],
  Volkswagen: ['Jetta', 'Tiguan', 'Atlas'],
  Mazda: ['CX-5', 'Mazda3'],
  Tesla: ['Model 3', 'Model Y'],
};

function randomVehicle(faker: Faker) {
  const make = faker.helpers.objectKey(MODELS_BY_MAKE);
  return {
    year: faker.number.int({ min: 2008, max: 2025 }),
    make,
    model: faker.helpers.arrayElement(MODELS_BY_MAKE[make]),
    vin: faker.vehicle.vin(),
    plate: faker.datatype.boolean(0.9)
      ? `TX-${faker.string.alphanumeric({ length: 3, casing: 'upper' })}-${faker.string.numeric(3)}`
      : null,
  };
}

const REPAIR_JOBS: ReadonlyArray<{ description: string; minCents: number; maxCents: number }> = [
  { description: 'Oil change and multi-point inspection', minCents: 4_999, maxCents: 8_999 },
  { description: 'Replace front brake pads', minCents: 18_000, maxCents: 32_000 },
  { description: 'Diagnose check engine light', minCents: 12_900, maxCents: 12_900 },
  { description: 'Replace alternator', minCents: 45_000, maxCents: 75_000 },
  { description: 'Replace water pump and thermostat', minCents: 55_000, maxCents: 90_000 },
  { description: 'A/C recharge and leak test', minCents: 15_000, maxCents: 30_000 },
  { description: 'Replace timing belt', minCents: 60_000, maxCents: 110_000 },
  { description: 'Four-wheel alignment', minCents: 9_000, maxCents: 14_000 },
  { description: 'Replace battery', minCents: 15_000, maxCents: 28_000 },
  { description: 'Transmission fluid service', minCents: 18_000, maxCents: 30_000 },
  { description: 'Replace CV axle', minCents: 30_000, maxCents: 55_000 },
  { description: 'Replace spark plugs and ignition coils', minCents: 25_000, maxCents: 50_000 },
];

const OPEN_STATUSES = [
  WorkOrderStatus.RECEIVED,
  WorkOrderStatus.DIAGNOSING,
  WorkOrderStatus.WAITING_FOR_PARTS,
  WorkOrderStatus.IN_PROGRESS,
  WorkOrderStatus.READY_FOR_PICKUP,
];

/** Open jobs came in during the last ten days and are promised soon; the rest were picked up within three days. */
function randomRepair(faker: Faker, now: DateTime) {
  const job = faker.helpers.arrayElement(REPAIR_JOBS);
  const estimateCents = faker.number.int({ min: job.minCents, max: job.maxCents, multipleOf: 100 });
  if (faker.datatype.boolean(OPEN_WORK_ORDER_SHARE)) {
    return {
      description: job.description,
      estimateCents,
      status: faker.helpers.arrayElement(OPEN_STATUSES),
      createdAt: faker.date.recent({ days: 10, refDate: now.toJSDate() }),
      promisedAt: faker.date.soon({ days: 5, refDate: now.toJSDate() }),
    };
  }
  const createdAt = faker.date.between({ from: now.minus({ years: 2 }).toJSDate(), to: now.minus({ days: 10 }).toJSDate() });
  return {
    description: job.description,
    estimateCents,
    status: WorkOrderStatus.PICKED_UP,
    createdAt,
    promisedAt: faker.date.soon({ days: 3, refDate: createdAt }),
  };
}
