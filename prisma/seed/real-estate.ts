import type { Faker } from '@faker-js/faker';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { KNOWN } from './demo-data';
import { type BulkStep, insertInBatches, seededFaker, topUpStep } from './support';
import type { SeedTargets } from './targets';

/** Writes the Bluebell Ave listing, then returns the step that fills in the other listings. */
export async function prepareRealEstate(db: PrismaClient, tenantId: string, targets: SeedTargets): Promise<BulkStep> {
  await upsertKnownProperty(db, tenantId);
  return topUpStep(db.property.count({ where: { tenantId } }), targets.properties, async ({ missing, existing }, progress) => {
    const faker = seededFaker('real-estate/properties', existing);
    const rows = Array.from({ length: missing }, () => ({ tenantId, ...randomListing(faker) }));
    await insertInBatches(rows, (data) => db.property.createMany({ data }), progress);
  });
}

async function upsertKnownProperty(db: PrismaClient, tenantId: string): Promise<void> {
  const { property } = KNOWN.realEstate;
  const fields = {
    ...property,
    kind: 'single_family',
    status: 'ACTIVE',
    description: 'Updated 3-bedroom home in north Boulder with mountain views, a fenced backyard and a two-car garage.',
  };
  const existing = await db.property.findFirst({ where: { tenantId, address: property.address, city: property.city }, select: { id: true } });
  if (existing) await db.property.update({ where: { id: existing.id }, data: fields });
  else await db.property.create({ data: { tenantId, ...fields } });
}

/** Listing weight and price per square foot, in dollars, of each market. */
const MARKETS = [
  { city: 'Denver', weight: 4, minPerSqFt: 380, maxPerSqFt: 620 },
  { city: 'Boulder', weight: 2, minPerSqFt: 550, maxPerSqFt: 800 },
  { city: 'Aurora', weight: 2, minPerSqFt: 250, maxPerSqFt: 380 },
  { city: 'Lakewood', weight: 2, minPerSqFt: 320, maxPerSqFt: 460 },
] as const;

const KIND_LABELS = { condo: 'condo', townhouse: 'townhome', single_family: 'home' } as const;
type PropertyKind = keyof typeof KIND_LABELS;

const OPENERS = ['Bright', 'Updated', 'Charming', 'Spacious', 'Move-in ready', 'Light-filled'];
const FEATURES = [
  'an open kitchen',
  'a fenced backyard',
  'mountain views',
  'a two-car garage',
  'hardwood floors',
  'a finished basement',
  'a rooftop deck',
  'new windows',
  'a walk-in pantry',
  'a primary suite with a soaking tub',
  'walkable access to shops and trails',
];

function randomListing(faker: Faker) {
  const market = faker.helpers.weightedArrayElement(MARKETS.map((value) => ({ weight: value.weight, value })));
  const bedrooms = faker.number.int({ min: 1, max: 5 });
  const kind = kindFor(faker, bedrooms);
  const squareFeet = faker.number.int({ min: 450 + bedrooms * 300, max: 750 + bedrooms * 450, multipleOf: 10 });
  const pricePerSqFt = faker.number.int({ min: market.minPerSqFt, max: market.maxPerSqFt });
  const priceDollars = Math.round((squareFeet * pricePerSqFt) / 5_000) * 5_000;
  const street = faker.location.streetAddress();
  const [first, second] = faker.helpers.arrayElements(FEATURES, 2);
  return {
    address: kind === 'condo' ? `${street} Unit ${faker.number.int({ min: 101, max: 1204 })}` : street,
    city: market.city,
    kind,
    priceCents: priceDollars * 100,
    bedrooms,
    bathrooms: Math.max(1, bedrooms - 1 + faker.helpers.arrayElement([0, 0.5, 1])),
    squareFeet,
    status: faker.helpers.weightedArrayElement([
      { weight: 9, value: 'ACTIVE' },
      { weight: 1, value: 'PENDING' },
    ]),
    description: `${faker.helpers.arrayElement(OPENERS)} ${bedrooms}-bedroom ${KIND_LABELS[kind]} in ${market.city} with ${first} and ${second}.`,
  };
}

function kindFor(faker: Faker, bedrooms: number): PropertyKind {
  if (bedrooms <= 2) return faker.helpers.arrayElement(['condo', 'townhouse'] as const);
  if (bedrooms === 3) return faker.helpers.arrayElement(['townhouse', 'single_family'] as const);
  return 'single_family';
}
