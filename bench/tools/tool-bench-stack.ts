import { createSwitchboardWorker } from '../../apps/worker/src/worker';
import { TenantProfileCache } from '../../activities/tools/tenant-profile-cache';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../../libs/infra/src/database';
import { startLocalTemporal, type LocalTemporal, type TemporalEngine } from '../../libs/infra/src/temporal-server';
import { createLogger } from '../../libs/logging/src/logger';
import { seedDemoTenants } from '../../prisma/seed/demo-tenants';

/** What the tool benches run on: a fresh seeded database, its tenant profile cache, a local Temporal (the dev server unless told) and one in-process worker. */
export interface ToolBenchStack {
  db: PrismaClient;
  tenantProfiles: TenantProfileCache;
  tenants: Record<string, string>;
  temporal: LocalTemporal;
  stop(): Promise<void>;
}

export async function startToolBenchStack(databasePrefix: string, poolSize: number, engine: TemporalEngine = 'dev'): Promise<ToolBenchStack> {
  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  const databaseName = `${databasePrefix}_${Date.now()}`;
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl, poolSize);
  const tenantProfiles = new TenantProfileCache(db, databaseUrl, createLogger('bench', 'warn'));
  await tenantProfiles.start();
  const { tenants } = await seedDemoTenants(db);
  const temporal = await startLocalTemporal({ engine });
  const worker = await createSwitchboardWorker({
    env: { TEMPORAL_NAMESPACE: 'default', SUMMARY_MODEL: 'local', REALTIME_MODEL: 'gpt-realtime' },
    connection: temporal.env.nativeConnection,
    db,
    tenantProfiles,
  });
  const workerRun = worker.run();
  return {
    db,
    tenantProfiles,
    tenants,
    temporal,
    async stop() {
      worker.shutdown();
      await workerRun;
      await tenantProfiles.close();
      await db.$disconnect();
      await temporal.stop();
      await dropDatabase(serverUrl, databaseName);
    },
  };
}
