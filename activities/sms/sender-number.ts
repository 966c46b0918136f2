import type { Prisma } from '../../libs/db/src/prisma';

/** The number a tenant's texts come from: its main number (any of its numbers when none is labelled main). */
export async function tenantSenderNumber(db: Prisma.TransactionClient, tenantId: string): Promise<string | undefined> {
  const numbers = await db.phoneNumber.findMany({ where: { tenantId }, orderBy: { e164: 'asc' } });
  return (numbers.find((n) => n.label === 'main') ?? numbers[0])?.e164;
}
