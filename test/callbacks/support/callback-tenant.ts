import { DateTime } from 'luxon';
import type { BusinessHours } from '../../../libs/agent-config/src/agent-config';
import type { CallbackAction, PrismaClient } from '../../../libs/db/src/prisma';
import { issueKey } from '../../api/support/api-keys';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../../simulators/fixtures/fixture-tenant';

export interface CallbackTenant extends TestTenant {
  /** The staff member on duty: the primary transfer number. */
  staff: string;
  apiKey: string;
}

/**
 * A fixed-offset zone where it is about 14:00 now. Timers are real here (no
 * time-skipping server), so a test that waits for a callback to fall due
 * needs "now" inside the contact hours, whatever time of day the suite runs.
 */
export function zoneAtMidAfternoon(now = new Date()): string {
  const offset = ((14 - now.getUTCHours() + 36) % 24) - 12;
  if (offset === 0) return 'Etc/GMT';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const hoursEveryDay = (open: string, close: string): BusinessHours => Object.fromEntries(EVERY_DAY.map((day) => [day, [{ open, close }]]));

/** A test business whose callbacks do `action`, in a zone where it is mid-afternoon, with a key of its own. */
export async function createCallbackTenant(
  db: PrismaClient,
  options: { action?: CallbackAction; businessHours?: BusinessHours } = {},
): Promise<CallbackTenant> {
  const tenant = await createTestTenant(db);
  const staff = testPhoneNumber();
  const timeZone = zoneAtMidAfternoon();
  await db.agentConfig.update({
    where: { tenantId: tenant.id },
    data: {
      timeZone,
      transferNumbers: { primary: staff },
      callbackAction: options.action ?? 'SMS_STAFF',
      ...(options.businessHours && { businessHours: options.businessHours }),
    },
  });
  return { ...tenant, timeZone, staff, apiKey: await issueKey(db, { tenantId: tenant.id }) };
}

/** `hh:mm` on the tenant's today (plus `days`), as an ISO instant. */
export function localInstant(timeZone: string, hhmm: string, days = 0): string {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.now().setZone(timeZone).startOf('day').plus({ days }).set({ hour, minute }).toUTC().toISO()!;
}
