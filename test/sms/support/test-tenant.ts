import { randomBytes, randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../../libs/db/src/prisma';

/** A business of the test's own: its bookings, texts and opt-outs cannot meet another test file's. */
export interface TestTenant {
  id: string;
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

export async function createTestTenant(db: PrismaClient, options: { crmWebhookUrl?: string; crmWebhookSecret?: string } = {}): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  const tenant: Omit<TestTenant, 'id'> = { name: `Test Garage ${suffix}`, phoneNumber: testPhoneNumber(), timeZone: TIME_ZONE, toolPacks: ['core', 'auto_shop'] };
  const { id } = await db.tenant.create({
    data: {
      slug: `test-garage-${suffix}`,
      name: tenant.name,
      vertical: 'AUTO_SHOP',
      address: '1 Test Way, Austin, TX 78701',
      phoneNumbers: { create: { e164: tenant.phoneNumber } },
      services: { create: { name: OIL_CHANGE, durationMinutes: 60 } },
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
  return DateTime.now().setZone(tenant.timeZone).startOf('day').plus({ days: 30, hours: bookedHours }).toFormat("yyyy-MM-dd'T'HH:mm");
}
