import { randomUUID } from 'node:crypto';
import { REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId, type CampaignProgress, type ReminderCampaignInput } from '../../libs/campaigns/src/reminder-campaign';
import { createPrismaClient } from '../../libs/db/src/prisma';
import { createCampaignTenant, seedCampaignDay, type CampaignDay, type CampaignTenant } from '../../simulators/fixtures/campaign-day';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';
import { startCampaignStack, startCampaignWorker, type CampaignStack } from './support/campaign-stack';

/** Dials per second for the account: the server hands out one dial every 2 s. */
const CALLS_PER_SECOND = 0.5;
const INTERVAL_MS = 1000 / CALLS_PER_SECOND;
/** Of those 2 s, what the worker's own work before the dial (three database round trips) may take away; unpaced dials come milliseconds apart. */
const SLACK_MS = INTERVAL_MS / 2;
const PER_RUN = 3;

describe("the Twilio account's dials per second, across campaign runs (real Temporal, PostgreSQL, API, Twilio REST simulator)", () => {
  let stack: CampaignStack;
  let sb: TestSwitchboard;
  const runs: Array<{ tenant: CampaignTenant; day: CampaignDay }> = [];

  beforeAll(async () => {
    stack = await startCampaignStack();
    const db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    for (let i = 0; i < 2; i++) {
      const tenant = await createCampaignTenant(db);
      const day = await seedCampaignDay(db, tenant, PER_RUN);
      await db.campaign.create({ data: { id: reminderScheduleId(tenant.slug), tenantId: tenant.id, name: 'pacing test', schedule: '0 17 * * *' } });
      // Each dial ends at once (a bad number, never dialled again): nothing but the dials takes time.
      for (const phone of day.eligible) stack.rest.setCallee(phone, { outcome: 'failed' });
      runs.push({ tenant, day });
    }
    await db.$disconnect();
    sb = await startCampaignWorker(stack, runs.flatMap(({ day }) => day.allowList), { TWILIO_CALLS_PER_SECOND: CALLS_PER_SECOND });
  });
  afterAll(async () => {
    await sb?.shutdown();
    await stack?.close();
  });

  it('spaces the dials of two campaigns running at once by the account pace, not per campaign', async () => {
    const handles = await Promise.all(
      runs.map(({ tenant, day }) => {
        // Each run alone would dial all its calls at once: no per-run pacing, room for every call.
        const input: ReminderCampaignInput = { tenantId: tenant.id, campaignId: reminderScheduleId(tenant.slug), date: day.date, concurrency: PER_RUN, dialsPerSecond: 0 };
        return sb.client.workflow.start(REMINDER_CAMPAIGN_WORKFLOW_TYPE, { taskQueue: stack.taskQueue, workflowId: `pacing-${tenant.slug}-${randomUUID()}`, args: [input] });
      }),
    );
    const results = (await Promise.all(handles.map((handle) => handle.result()))) as CampaignProgress[];
    expect(results.map((progress) => progress.placed)).toEqual([PER_RUN, PER_RUN]);

    // The simulator's own log: when Twilio received each calls.create.
    const dialedAt = stack.rest.calls.map((call) => call.dateCreated.getTime());
    expect(dialedAt).toHaveLength(2 * PER_RUN);
    const gaps = dialedAt.slice(1).map((at, index) => at - dialedAt[index]);
    expect(gaps.filter((gap) => gap < INTERVAL_MS - SLACK_MS)).toEqual([]);
    // Both runs were going before the second dial: unpaced, or paced per run, both would have dialled at once.
    const startedAt = await Promise.all(handles.map(async (handle) => (await handle.describe()).startTime.getTime()));
    for (const at of startedAt) expect(at).toBeLessThan(dialedAt[1]);
  }, 120_000);
});
