import type { PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP, HOTEL, KNOWN, REAL_ESTATE, ROOFING } from './demo-data';
import { SEED_KEY_PREFIX } from './support';

/** Recorded as every seeded customer's consent, so confirmations and reminders reach them in the demo. */
export const SEEDED_CONSENT_WORDING = 'Demo data: this customer agreed to appointment confirmations and reminders by text and call.';

const ROWS_PER_INSERT = 1_000;

/** A seeded consent for each number; one per tenant and number, so a re-run adds none. */
export async function insertSeededConsents(db: PrismaClient, tenantId: string, phones: readonly string[], grantedAt: Date): Promise<void> {
  const rows = [...new Set(phones)].map((phone) => ({
    tenantId,
    phone,
    source: 'seed',
    wording: SEEDED_CONSENT_WORDING,
    grantedAt,
    sourceKey: `${SEED_KEY_PREFIX}consent:${tenantId}:${phone}`,
  }));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db.consent.createMany({ data: rows.slice(start, start + ROWS_PER_INSERT), skipDuplicates: true });
  }
}

/** The known demo callers, one per tenant. */
export async function seedKnownCallerConsents(db: PrismaClient, tenants: Record<string, string>, grantedAt: Date): Promise<void> {
  const callers: Array<[string, string]> = [
    [AUTO_SHOP.slug, KNOWN.autoShop.customer.phone],
    [REAL_ESTATE.slug, KNOWN.realEstate.caller.phone],
    [ROOFING.slug, KNOWN.roofing.contact.phone],
    [HOTEL.slug, KNOWN.hotel.guest.phone],
  ];
  for (const [slug, phone] of callers) await insertSeededConsents(db, tenants[slug], [phone], grantedAt);
}
