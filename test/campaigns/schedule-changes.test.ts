import { Client, Connection } from '@temporalio/client';
import { reminderScheduleId } from '../../libs/campaigns/src/reminder-campaign';
import { ReminderSchedules } from '../../libs/campaigns/src/reminder-schedules';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { createCampaignTenant, type CampaignTenant } from '../../simulators/fixtures/campaign-day';
import { requiredEnv } from '../support/test-env';

const ROUNDS = 8;

/** What one API process holds: its own Temporal connection and database pool. */
interface ApiProcessSchedules {
  schedules: ReminderSchedules;
  close(): Promise<void>;
}

async function schedulesOfAnApiProcess(): Promise<ApiProcessSchedules> {
  const databaseUrl = requiredEnv('DATABASE_URL');
  const db = createPrismaClient(databaseUrl, 2);
  const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  return {
    schedules: new ReminderSchedules({ client: new Client({ connection }), db, databaseUrl }),
    async close() {
      await connection.close();
      await db.$disconnect();
    },
  };
}

describe('reminder schedule changes from two API processes (real Temporal, PostgreSQL)', () => {
  let first: ApiProcessSchedules;
  let second: ApiProcessSchedules;
  let db: PrismaClient;
  let tenant: CampaignTenant;

  beforeAll(async () => {
    [first, second] = await Promise.all([schedulesOfAnApiProcess(), schedulesOfAnApiProcess()]);
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 1);
    tenant = await createCampaignTenant(db);
  });
  afterAll(async () => {
    const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
    await new Client({ connection }).schedule.getHandle(reminderScheduleId(tenant.slug)).delete().catch(() => undefined);
    await connection.close();
    await Promise.all([first?.close(), second?.close(), db?.$disconnect()]);
  });

  it('applies racing changes one after the other: each keeps what the other just changed', async () => {
    // Paused: no run fires while the test changes it.
    await first.schedules.ensure(tenant, { paused: true });

    const seen = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each change reads the schedule, then writes all of it: run at once without serialising, one undoes the other.
      await Promise.all([first.schedules.ensure(tenant, { concurrency: round }), second.schedules.ensure(tenant, { dialsPerSecond: round })]);
      const { concurrency, dialsPerSecond, paused } = await first.schedules.view(tenant.slug);
      seen.push({ concurrency, dialsPerSecond, paused });
    }

    expect(seen).toEqual(Array.from({ length: ROUNDS }, (_, index) => ({ concurrency: index + 1, dialsPerSecond: index + 1, paused: true })));
  });
});
