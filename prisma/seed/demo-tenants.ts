import { DateTime } from 'luxon';
import { clockFromEnv } from '../../libs/config/src/env';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { prepareAutoShop } from './auto-shop';
import { AUTO_SHOP, DEMO_TENANTS, HOTEL, REAL_ESTATE, ROOFING } from './demo-data';
import { upsertHotelRooms } from './hotel';
import { prepareRealEstate } from './real-estate';
import { prepareRoofing } from './roofing';
import { SeedProgress } from './support';
import { SEED_TARGETS, type SeedScale } from './targets';
import { upsertTenantCore } from './tenant-core';

export type { SeedScale } from './targets';

export interface SeedOptions {
  scale?: SeedScale;
  /** Rows created by the bulk inserts so far, out of all the run will create; first called with (0, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The four demo tenants with their known records and generated bulk data.
 * Idempotent: fixed facts are upserted, bulk rows only added while a tenant
 * has fewer than the scale's target. Dated records sit around today as
 * SWITCHBOARD_TODAY sets it.
 */
export async function seedDemoTenants(db: PrismaClient, options: SeedOptions = {}): Promise<{ tenants: Record<string, string> }> {
  const now = DateTime.fromJSDate(clockFromEnv()());
  const targets = SEED_TARGETS[options.scale ?? 'demo'];

  const tenants: Record<string, string> = {};
  for (const demo of DEMO_TENANTS) tenants[demo.slug] = await upsertTenantCore(db, demo);

  await upsertHotelRooms(db, tenants[HOTEL.slug]);
  const bulkSteps = [
    ...(await prepareAutoShop(db, tenants[AUTO_SHOP.slug], targets, now)),
    await prepareRealEstate(db, tenants[REAL_ESTATE.slug], targets),
    ...(await prepareRoofing(db, tenants[ROOFING.slug], targets, now)),
  ];

  const progress = new SeedProgress(
    bulkSteps.reduce((total, step) => total + step.missing, 0),
    options.onProgress,
  );
  for (const step of bulkSteps) await step.run(progress);
  return { tenants };
}
