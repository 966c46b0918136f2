import { DateTime } from 'luxon';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { AUTO_SHOP } from '../../../prisma/seed/demo-data';

/** A weekday at `hour` in the auto shop's time zone, far enough ahead that no other test books it. */
export function freeWeekdayAt(daysAhead: number, hour: number): string {
  let day = DateTime.now().setZone(AUTO_SHOP.timeZone).plus({ days: daysAhead }).startOf('day');
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.set({ hour }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * Holds the tenant's booking lock (the advisory lock `lockTenant` takes in
 * activities/tools) in a transaction of the test's own: the real
 * `book_appointment` tool then waits until `release()`, which makes it a slow
 * tool without touching tool code.
 */
export async function holdTenantBookingLock(db: PrismaClient, tenantId: string): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const transaction = db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${tenantId}))`;
      locked();
      await released;
    },
    { timeout: 30_000 },
  );
  await Promise.race([lockTaken, transaction]);
  return {
    async release() {
      release();
      await transaction;
    },
  };
}
