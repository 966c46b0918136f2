import type { Prisma } from '../../libs/db/src/prisma';

export interface ConsentRecord {
  tenantId: string;
  phone: string;
  /** booking (a tool on a call), seed, rest. */
  source: string;
  /** The words the customer was told. */
  wording: string;
  grantedAt: Date;
  callSid?: string;
  /** One consent per recording event: a retried booking records it once. */
  sourceKey: string;
}

export async function recordConsent(db: Prisma.TransactionClient, consent: ConsentRecord): Promise<void> {
  await db.consent.createMany({ data: [{ ...consent, callSid: consent.callSid ?? null }], skipDuplicates: true });
}

export async function hasConsent(db: Prisma.TransactionClient, tenantId: string, phone: string): Promise<boolean> {
  return (await db.consent.count({ where: { tenantId, phone } })) > 0;
}
