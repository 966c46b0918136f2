import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import path from 'node:path';
import { writeWorkflowBundle } from '../../libs/infra/src/app-build';
import { canConnect, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../../libs/infra/src/database';
import { startLocalTemporal } from '../../libs/infra/src/temporal-server';
import { createPrismaClient } from '../../libs/db/src/prisma';
import { seedDemoTenants } from '../../prisma/seed/demo-tenants';
import { dropAbandonedRuns, newRun, publishRun } from './run-databases';
import { INTERRUPTS, releaseInfra, TEST_STATE_KEY, type TestInfraState } from './state';

/**
 * Once per integration run: a real Temporal dev server, the workflow bundle,
 * and a template database (migrated, seeded with the demo tenants around
 * SWITCHBOARD_TODAY) that each test file's environment clones. Test files
 * reach them through the environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  if (!(await canConnect(serverUrl))) {
    throw new Error(`Tests need a real PostgreSQL server; none answers at ${redact(serverUrl)}. Set DATABASE_URL.`);
  }
  await dropAbandonedRuns(serverUrl);

  const state: TestInfraState = {
    databases: newRun(serverUrl),
    onSignal: (signal) => {
      releaseInfra(state)
        .catch((error: unknown) => console.error('cleaning up the interrupted test run failed:', error))
        .finally(() => process.exit(128 + constants.signals[signal]));
    },
  };
  (globalThis as Record<string, unknown>)[TEST_STATE_KEY] = state;
  for (const signal of INTERRUPTS) process.once(signal, state.onSignal);

  try {
    const templateUrl = await ensureDatabase(serverUrl, state.databases.template);
    await migrateDatabase(templateUrl);
    const db = createPrismaClient(templateUrl, 2);
    await seedDemoTenants(db);
    await db.$disconnect();

    const temporal = await startLocalTemporal();
    state.temporal = temporal;
    process.env.TEMPORAL_ADDRESS = temporal.address;
    const workflowBundlePath = path.resolve(__dirname, '../../.cache/test/workflow-bundle.js');
    await writeWorkflowBundle(workflowBundlePath);
    process.env.WORKFLOW_BUNDLE_PATH = workflowBundlePath;
  } catch (error) {
    await releaseInfra(state);
    throw error;
  }

  publishRun(state.databases);
  // Each test file's environment sets DATABASE_URL to its own clone.
  delete process.env.DATABASE_URL;
  process.env.STREAM_TOKEN_SECRET ??= randomBytes(24).toString('hex');
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
