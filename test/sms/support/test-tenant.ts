import { randomBytes, randomInt } from 'node:crypto';
import { nowIn } from '../../support/test-clock';
import type { PrismaClient } from '../../../libs/db/src/prisma';

/** A business of the test's own: its bookings, texts and opt-outs cannot meet another test file's. */
export interface TestTenant {
  id: string;
  slug: string;
  name: string;
  phoneNumber: string;
  timeZone: string;
  toolPacks: string[];
}

const TIME_ZONE = 'America/Chicago';
const OPEN_ALL_DAY = [{ open: '00:00', close: '24:00' }];
export const OIL_CHANGE = 'Oil change';

/** +1999 and seven random digits: never a seeded number, and E.164 like a real one. */
export const testPhoneNumber = (): string => `+1999${randomInt(1_000_000, 10_000_000)}`;

/** A `whsec_` Standard Webhooks signing secret. */
export const newSigningSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export interface TestTenantOptions {
  crmWebhookUrl?: string;
  crmWebhookSecret?: string;
  /** A hotel with this many king rooms, instead of a garage. */
  kingRooms?: number;
}

export async function createTestTenant(db: PrismaClient, options: TestTenantOptions = {}): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  const hotel = options.kingRooms !== undefined;
  const tenant: Omit<TestTenant, 'id'> = {
    slug: `test-${suffix}`,
    name: hotel ? `Test Inn ${suffix}` : `Test Garage ${suffix}`,
    phoneNumber: testPhoneNumber(),
    timeZone: TIME_ZONE,
    toolPacks: ['core', hotel ? 'hotel' : 'auto_shop'],
  };
  const kingRooms = Array.from({ length: options.kingRooms ?? 0 }, (_, index) => ({ number: `${101 + index}`, roomType: 'king', nightlyRateCents: 18_900, maxGuests: 2 }));
  const { id } = await db.tenant.create({
    data: {
      slug: tenant.slug,
      name: tenant.name,
      vertical: hotel ? 'HOTEL' : 'AUTO_SHOP',
      address: '1 Test Way, Austin, TX 78701',
      phoneNumbers: { create: { e164: tenant.phoneNumber } },
      services: { create: { name: OIL_CHANGE, durationMinutes: 60 } },
      rooms: { create: kingRooms },
      agentConfig: {
        create: {
          agentName: 'Ava',
          brand: tenant.name,
          greetingTemplate: 'Thanks for calling {brand}.',
          instructions: 'Test receptionist.',
          timeZone: TIME_ZONE,
          businessHours: { mon: OPEN_ALL_DAY, tue: OPEN_ALL_DAY, wed: OPEN_ALL_DAY, thu: OPEN_ALL_DAY, fri: OPEN_ALL_DAY, sat: OPEN_ALL_DAY, sun: OPEN_ALL_DAY },
          transferNumbers: {},
          toolPacks: tenant.toolPacks,
          slotCapacity: 100,
          crmWebhookUrl: options.crmWebhookUrl ?? null,
          crmWebhookSecret: options.crmWebhookSecret ?? null,
        },
      },
    },
    select: { id: true },
  });
  return { id, ...tenant };
}

let bookedHours = 0;

/** A free local start time (YYYY-MM-DDTHH:mm) a month ahead; each call gives a later one. */
export function nextSlot(tenant: TestTenant): string {
  bookedHours += 1;
  return nowIn(tenant.timeZone).startOf('day').plus({ days: 30, hours: bookedHours }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Check-in and check-out dates (YYYY-MM-DD) of a stay two months ahead. */
export function stayDates(tenant: TestTenant, nights: number): { check_in: string; check_out: string } {
  const checkIn = nowIn(tenant.timeZone).startOf('day').plus({ days: 60 });
  return { check_in: checkIn.toISODate()!, check_out: checkIn.plus({ days: nights }).toISODate()! };
}
