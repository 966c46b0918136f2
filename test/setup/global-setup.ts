import { bundleWorkflowCode } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canConnect, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../../libs/infra/src/database';
import { startLocalTemporal } from '../../libs/infra/src/temporal-server';
import { createPrismaClient } from '../../libs/db/src/prisma';
import { seedDemoTenants } from '../../prisma/seed/demo-tenants';
import { TEST_STATE_KEY, type TestInfraState } from './state';

/**
 * Once per `npm test`: a real Temporal dev server, a fresh PostgreSQL database
 * (migrated and seeded with the demo tenants), and the workflow bundle. Test
 * files reach them through the environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  if (!(await canConnect(serverUrl))) {
    throw new Error(`Tests need a real PostgreSQL server; none answers at ${redact(serverUrl)}. Set DATABASE_URL.`);
  }
  const databaseName = `switchboard_test_${Date.now()}_${process.pid}`;
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl, 2);
  await seedDemoTenants(db);
  await db.$disconnect();

  const temporal = await startLocalTemporal();

  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never,
  });
  const bundlePath = path.resolve(__dirname, '../../.cache/test/workflow-bundle.js');
  mkdirSync(path.dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, bundle.code);

  process.env.DATABASE_URL = databaseUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  process.env.STREAM_TOKEN_SECRET ??= randomBytes(24).toString('hex');
  const state: TestInfraState = { temporal: temporal.env, serverUrl, databaseName };
  (globalThis as Record<string, unknown>)[TEST_STATE_KEY] = state;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
