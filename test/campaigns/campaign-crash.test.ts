import { randomUUID } from 'node:crypto';
import { REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId, type CampaignProgress, type ReminderCampaignInput } from '../../libs/campaigns/src/reminder-campaign';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { AppProcess } from '../../libs/infra/src/app-process';
import { requiredEnv } from '../support/test-env';
import { createCampaignTenant, seedCampaignDay, type CampaignDay, type CampaignTenant } from '../../simulators/fixtures/campaign-day';
import { startCampaignStack, TWILIO, type CampaignStack } from './support/campaign-stack';
import { Client, Connection } from '@temporalio/client';

const ELIGIBLE = 10;
/** The dial the SIGKILL cuts short. */
const KILL_AT_DIAL = 3;
/** Killed mid-dial, an activity is retried only after its start-to-close timeout (30 s). */
const CRASH_TIMEOUT_MS = 300_000;

describe('a reminder campaign survives SIGKILL of its worker (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: CampaignStack;
  let db: PrismaClient;
  let connection: Connection;
  let tenant: CampaignTenant;
  let day: CampaignDay;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    stack = await startCampaignStack();
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    tenant = await createCampaignTenant(db);
    day = await seedCampaignDay(db, tenant, ELIGIBLE);
    await db.campaign.create({ data: { id: reminderScheduleId(tenant.slug), tenantId: tenant.id, name: 'crash test', schedule: '0 17 * * *' } });
    // Each person stays on the line a moment, so calls are in flight when the worker dies.
    for (const phone of day.eligible) stack.rest.scriptCallee(phone, { outcome: 'answer', answeredBy: 'human', talkMs: 3_000 });
    connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await connection?.close();
    await db?.$disconnect();
    await stack?.close();
  });

  const startWorker = (): AppProcess => {
    const worker = AppProcess.start('worker', 'apps/worker/src/main.ts', {
      ...process.env,
      LOG_LEVEL: 'warn',
      // Any free port: other workers (another test file, a running stack) may have the default.
      WORKER_METRICS_PORT: '0',
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      WORKFLOW_BUNDLE_PATH: requiredEnv('WORKFLOW_BUNDLE_PATH'),
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_API_BASE_URL: stack.rest.baseUrl,
      PUBLIC_URL: stack.apiUrl,
      OUTBOUND_ALLOW_LIST: day.allowList.join(','),
      SMS_FOLLOW_UP_DELAY_SECONDS: '0',
    }, { log: () => undefined });
    workers.push(worker);
    return worker;
  };
  const dialsTo = (phone: string) => stack.rest.calls.filter((call) => call.to === phone).length;

  it('dials every eligible appointment exactly once across the crash, and counts the dial the crash cut short as placed', async () => {
    const client = new Client({ connection });
    const input: ReminderCampaignInput = { tenantId: tenant.id, campaignId: reminderScheduleId(tenant.slug), date: day.date, concurrency: 3, dialsPerSecond: 0 };
    const first = startWorker();
    // The worker dies the moment Twilio has taken its third dial, before it hears the CallSid: the dial's outcome
    // is lost with it, while the calls before it may still be on the line.
    const killedMidDial = new Promise<string>((resolve) => {
      stack.rest.on('callCreated', (call) => {
        if (stack.rest.calls.length !== KILL_AT_DIAL) return;
        process.kill(first.pid, 'SIGKILL');
        resolve(call.sid);
      });
    });
    const handle = await client.workflow.start(REMINDER_CAMPAIGN_WORKFLOW_TYPE, { taskQueue: stack.taskQueue, workflowId: `crash-campaign-${randomUUID()}`, args: [input] });

    const cutShort = await killedMidDial;
    await first.crashed.catch(() => undefined);
    startWorker();

    const progress = (await handle.result()) as CampaignProgress;
    for (const phone of day.eligible) expect(dialsTo(phone)).toBe(1);
    for (const phone of Object.values(day.refused)) expect(dialsTo(phone)).toBe(0);
    // The retried dial found its call at Twilio and followed it: every call is placed and answered, none failed.
    expect(progress).toMatchObject({ total: ELIGIBLE + 3, started: ELIGIBLE + 3, inFlight: 0, placed: ELIGIBLE, answeredByHuman: ELIGIBLE, failed: 0, done: true });
    expect(await db.reminderAttempt.findFirst({ where: { callSid: cutShort } })).toMatchObject({ status: 'human', attempt: 1 });
  }, CRASH_TIMEOUT_MS);
});
