import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../../libs/db/src/prisma';

/**
 * Makes PostgreSQL refuse the first UPDATE of one CallTransfer row (a trigger
 * of the test's own, on that row only): the first attempt to record the
 * transfer's outcome fails as a real database error would, and later ones
 * pass. No product code is touched.
 */
export async function refuseFirstOutcomeWrite(db: PrismaClient, transferId: string): Promise<{ remove(): Promise<void> }> {
  if (!/^[\w-]+$/.test(transferId)) throw new Error(`transferId ${transferId} is not safe to embed in SQL`);
  const name = `test_refuse_once_${randomBytes(6).toString('hex')}`;
  await db.$executeRawUnsafe(`CREATE SEQUENCE "${name}"`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('"${name}"') = 1 THEN
        RAISE EXCEPTION 'test fault: the first write to CallTransfer % is refused', NEW.id;
      END IF;
      RETURN NEW;
    END $$`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE UPDATE ON "CallTransfer" FOR EACH ROW WHEN (NEW.id = '${transferId}') EXECUTE FUNCTION "${name}"()`,
  );
  return {
    async remove() {
      await db.$executeRawUnsafe(`DROP TRIGGER "${name}" ON "CallTransfer"`);
      await db.$executeRawUnsafe(`DROP FUNCTION "${name}"()`);
      await db.$executeRawUnsafe(`DROP SEQUENCE "${name}"`);
    },
  };
}
