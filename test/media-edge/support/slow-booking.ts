import type { PrismaClient } from '../../../libs/db/src/prisma';

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

/** Transactions of this database waiting for an advisory lock (the tenant's booking lock): a booking that has started and waits. */
export async function bookingsWaitingForLock(db: PrismaClient): Promise<number> {
  const [{ waiting }] = await db.$queryRaw<Array<{ waiting: number }>>`
    SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_database d ON d.oid = l.database
    WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`;
  return waiting;
}
