import { base, en, en_US, Faker } from '@faker-js/faker';
import { DEMO_TENANTS, KNOWN } from './demo-data';

/** Marks rows the seed generated, so a later run can tell them from live ones. */
export const SEED_KEY_PREFIX = 'seed:';

const ROWS_PER_INSERT = 1_000;

/**
 * A faker of its own per data set. The seed mixes in how many rows the set
 * already has, so a top-up run draws new values instead of replaying the
 * first run's (which would repeat its ids).
 */
export function seededFaker(dataSet: string, existingRows: number): Faker {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed([hashOf(dataSet), existingRows]);
  return faker;
}

/** FNV-1a: a stable number for a data-set name. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Same shape as Prisma's cuid(), but from the seeded faker: rows that other
 * seeded rows point at get the same ids on every fresh database.
 */
export function seededId(faker: Faker): string {
  return `c${faker.string.alphanumeric({ length: 24, casing: 'lower' })}`;
}

const KNOWN_LAST_NAMES: ReadonlySet<string> = new Set(
  [KNOWN.autoShop.customer, KNOWN.realEstate.caller, KNOWN.roofing.contact, KNOWN.hotel.guest].map((person) => person.name.slice(person.name.lastIndexOf(' ') + 1)),
);

export interface PersonName {
  firstName: string;
  lastName: string;
  fullName: string;
}

/** A random person who shares no last name with a known demo caller, so name searches find only the known one. */
export function generatedPersonName(faker: Faker): PersonName {
  for (;;) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    if (!KNOWN_LAST_NAMES.has(lastName)) return { firstName, lastName, fullName: `${firstName} ${lastName}` };
  }
}

export function exampleEmail(faker: Faker, person: PersonName): string {
  return faker.internet.email({ firstName: person.firstName, lastName: person.lastName, provider: 'example.com' }).toLowerCase();
}

const FIXED_NUMBERS: readonly string[] = [
  ...DEMO_TENANTS.flatMap((tenant) => [tenant.phoneNumber, ...Object.values(tenant.transferNumbers)]),
  KNOWN.autoShop.customer.phone,
  KNOWN.realEstate.caller.phone,
  KNOWN.roofing.contact.phone,
  KNOWN.hotel.guest.phone,
].filter((phone): phone is string => typeof phone === 'string');

/** Unique +1<area>555XXXX numbers that never collide with a demo number or one already in use. */
export class PhoneNumberPool {
  private readonly taken: Set<string>;
  private readonly capacity: number;

  constructor(
    private readonly faker: Faker,
    private readonly areaCodes: readonly string[],
    inUse: Iterable<string>,
  ) {
    this.taken = new Set([...FIXED_NUMBERS, ...inUse]);
    this.capacity = areaCodes.length * 10_000;
  }

  next(): string {
    if (this.taken.size >= this.capacity) throw new Error(`no free 555 numbers left in area codes ${this.areaCodes.join(', ')}`);
    for (;;) {
      const phone = `+1${this.faker.helpers.arrayElement(this.areaCodes)}555${this.faker.string.numeric(4)}`;
      if (!this.taken.has(phone)) {
        this.taken.add(phone);
        return phone;
      }
    }
  }
}

/** The number after the highest `<prefix><n>` in use, and never below `first`. */
export function nextSequenceNumber(numbers: readonly string[], prefix: string, first: number): number {
  return numbers.reduce((next, number) => {
    const value = Number(number.slice(prefix.length));
    return number.startsWith(prefix) && Number.isInteger(value) && value >= next ? value + 1 : next;
  }, first);
}

export class SeedProgress {
  private done = 0;

  constructor(
    readonly total: number,
    private readonly report?: (done: number, total: number) => void,
  ) {
    report?.(0, total);
  }

  advance(rows: number): void {
    this.done += rows;
    this.report?.(this.done, this.total);
  }
}

export async function insertInBatches<Row>(
  rows: readonly Row[],
  insert: (batch: Row[]) => Promise<unknown>,
  progress: SeedProgress,
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const batch = rows.slice(start, start + ROWS_PER_INSERT);
    await insert(batch);
    progress.advance(batch.length);
  }
}

/** One data set's rows still missing, and how to create them. */
export interface BulkStep {
  missing: number;
  run(progress: SeedProgress): Promise<void>;
}

export interface TopUp {
  /** Rows to create. */
  missing: number;
  /** Rows the tenant already has. */
  existing: number;
}

/** Bulk rows are only created while the tenant has fewer than the target: a re-run adds nothing. */
export async function topUpStep(
  countExisting: Promise<number>,
  target: number,
  create: (topUp: TopUp, progress: SeedProgress) => Promise<void>,
): Promise<BulkStep> {
  const existing = await countExisting;
  const missing = Math.max(0, target - existing);
  return { missing, run: (progress) => (missing > 0 ? create({ missing, existing }, progress) : Promise.resolve()) };
}
