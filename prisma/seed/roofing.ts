import type { Faker } from '@faker-js/faker';
import type { DateTime } from 'luxon';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { insertSeededConsents } from './consents';
import { KNOWN, ROOFING } from './demo-data';
import { workdayAt } from './schedule';
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

const ATLANTA_AREA_CODES = ['404', '678', '770'];
const CREW_START_HOUR = 8;
const KNOWN_PROJECT_DAYS_AHEAD = 5;

/**
 * Writes James Carter and RF-2041, then returns the bulk steps. Generated
 * projects never attach to James: the scripted call expects his one project.
 */
export async function prepareRoofing(db: PrismaClient, tenantId: string, targets: SeedTargets, now: DateTime): Promise<BulkStep[]> {
  const knownContactId = await upsertKnownRecords(db, tenantId, now);
  return [
    await topUpStep(db.contact.count({ where: { tenantId } }), targets.contacts, async ({ missing, existing }, progress) => {
      const faker = seededFaker('roofing/contacts', existing);
      const inUse = await db.contact.findMany({ where: { tenantId }, select: { phone: true } });
      const phones = new PhoneNumberPool(faker, ATLANTA_AREA_CODES, inUse.map((contact) => contact.phone));
      const rows = Array.from({ length: missing }, () => {
        const person = generatedPersonName(faker);
        const email = faker.datatype.boolean(0.6) ? exampleEmail(faker, person) : null;
        return { id: seededId(faker), tenantId, name: person.fullName, phone: phones.next(), email, address: randomHomeAddress(faker) };
      });
      await insertInBatches(rows, (data) => db.contact.createMany({ data }), progress);
      await insertSeededConsents(db, tenantId, rows.map((row) => row.phone), now.toJSDate());
    }),

    await topUpStep(db.project.count({ where: { tenantId } }), targets.projects, async ({ missing, existing }, progress) => {
      const faker = seededFaker('roofing/projects', existing);
      const contacts = await db.contact.findMany({
        where: { tenantId, id: { not: knownContactId } },
        select: { id: true, address: true },
        orderBy: { id: 'asc' },
      });
      const numbers = await db.project.findMany({ where: { tenantId }, select: { number: true } });
      const first = nextSequenceNumber(numbers.map((project) => project.number), 'RF-', 2042);
      const rows = Array.from({ length: missing }, (_, index) => {
        const contact = faker.helpers.arrayElement(contacts);
        return {
          tenantId,
          contactId: contact.id,
          number: `RF-${first + index}`,
          address: contact.address ?? randomHomeAddress(faker),
          scope: faker.helpers.arrayElement(SCOPES),
          ...randomStage(faker, now),
        };
      });
      await insertInBatches(rows, (data) => db.project.createMany({ data }), progress);
    }),
  ];
}

async function upsertKnownRecords(db: PrismaClient, tenantId: string, now: DateTime): Promise<string> {
  const { contact, project } = KNOWN.roofing;
  const existing = await db.contact.findFirst({ where: { tenantId, phone: contact.phone }, select: { id: true } });
  const { id: contactId } = existing
    ? await db.contact.update({ where: { id: existing.id }, data: contact, select: { id: true } })
    : await db.contact.create({ data: { tenantId, ...contact }, select: { id: true } });

  const fields = {
    contactId,
    address: contact.address,
    scope: project.scope,
    status: project.status,
    scheduledFor: workdayAt(now, ROOFING.timeZone, KNOWN_PROJECT_DAYS_AHEAD, CREW_START_HOUR).toJSDate(),
  };
  await db.project.upsert({
    where: { tenantId_number: { tenantId, number: project.number } },
    create: { tenantId, number: project.number, ...fields },
    update: fields,
  });
  return contactId;
}

/** Metro Atlanta towns and one ZIP code each. */
const TOWNS = [
  ['Atlanta', '30306'],
  ['Decatur', '30030'],
  ['Marietta', '30062'],
  ['Smyrna', '30080'],
  ['Sandy Springs', '30328'],
  ['Roswell', '30075'],
  ['Alpharetta', '30009'],
  ['Tucker', '30084'],
] as const;

function randomHomeAddress(faker: Faker): string {
  const [town, zip] = faker.helpers.arrayElement(TOWNS);
  return `${faker.location.streetAddress()}, ${town}, GA ${zip}`;
}

const SCOPES = [
  'Full architectural shingle replacement',
  'Storm damage repair: wind-lifted shingles',
  'Hail damage inspection and insurance estimate',
  'Gutter replacement, 160 linear ft',
  'Flat roof section re-coat',
  'Skylight reflashing',
  'Ridge vent replacement',
  'Chimney flashing repair',
];

/** A project's status with a crew date that fits it: ahead when scheduled, behind when under way or done. */
function randomStage(faker: Faker, now: DateTime): { status: string; scheduledFor: Date | null } {
  const stage = faker.helpers.arrayElement([
    { status: 'ESTIMATE_SENT', days: null },
    { status: 'SCHEDULED', days: faker.number.int({ min: 2, max: 30 }) },
    { status: 'IN_PROGRESS', days: -faker.number.int({ min: 0, max: 3 }) },
    { status: 'COMPLETED', days: -faker.number.int({ min: 7, max: 200 }) },
  ]);
  return {
    status: stage.status,
    scheduledFor: stage.days === null ? null : workdayAt(now, ROOFING.timeZone, stage.days, CREW_START_HOUR).toJSDate(),
  };
}
