import { randomUUID } from 'node:crypto';
import { REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId, type CampaignProgress, type ReminderCampaignInput } from '../../libs/campaigns/src/reminder-campaign';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import type { PostgresTemporal } from '../../libs/infra/src/temporal-postgres';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { createCampaignTenant, seedCampaignDay } from '../../simulators/fixtures/campaign-day';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { startCampaignStack, startCampaignWorker, type CampaignStack } from '../campaigns/support/campaign-stack';
import { eventually } from '../media-edge/support/eventually';
import { startEdgeHarness, type EdgeHarness } from '../media-edge/support/media-edge-harness';
import { startFileProductionTemporal } from '../support/production-temporal';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';

const GREETING = 'Thanks for calling Rivera Auto Repair, this is Ava. How can I help you today?';
const FILLER = 'One moment while I check that.';
const ELIGIBLE = 10;
/** The dial during which the server crashes. */
const CRASH_AT_DIAL = 3;
/** Boots and restarts of the server, calls at real-time pace and a campaign's dials, on a busy 2-core machine. */
const FAULT_TIMEOUT_MS = 300_000;
/** What a step may take while the server restarts under load (an upper bound, not a wait). */
const RESTART_BOUND_MS = 120_000;

describe('the Temporal server restarted under live work (the production engine on PostgreSQL)', () => {
  let temporal: PostgresTemporal;

  beforeAll(async () => {
    temporal = await startFileProductionTemporal();
  });
  afterAll(() => temporal?.stop());

  describe('during a live call', () => {
    let sb: TestSwitchboard;
    let harness: EdgeHarness;

    beforeAll(async () => {
      sb = await startTestSwitchboard();
    });
    afterAll(async () => {
      await harness?.close();
      await sb?.shutdown();
    });

    it('keeps the audio going, covers a tool called while the server is down with the filler, then books it once', async () => {
      const start = workdayAhead(AUTO_SHOP.timeZone, 59, 10);
      harness = await startEdgeHarness(sb, {
        turns: [
          {
            caller: 'Can you book me an oil change?',
            replies: [
              { say: 'Let me book that.', call: { name: 'book_appointment', arguments: { start, service: 'Oil change', customer_name: 'Outage Test' } } },
              { say: 'You are booked.' },
            ],
          },
        ],
      });
      const { phone, input } = await harness.phoneCall();
      const session = await eventually('the Realtime session', () => harness.sim.sessions[0]);
      const said = (text: string) => session.responses.some((response) => response.speechText === text && response.status === 'completed');
      await eventually('the greeting to be played', () => said(GREETING) && phone.playbackIdle);

      await temporal.stopServer();
      const heardBefore = phone.agentAudioBytes;
      await phone.speak();

      // Temporal is down: the caller is heard, the agent answers and says the filler while the booking waits.
      await eventually('the filler said while Temporal is down', () => said(FILLER), RESTART_BOUND_MS);
      await eventually('the booking Update sent again', async () => (await harness.metric('media_edge_tool_update_retries_total')) > 0, RESTART_BOUND_MS);
      expect(session.callerUtterances.map((utterance) => utterance.transcript)).toEqual(['Can you book me an oil change?']);
      expect(phone.agentAudioBytes).toBeGreaterThan(heardBefore);
      expect(session.functionCallOutputs).toEqual([]);

      await temporal.startServer();

      await eventually('the answer once the booking is done', () => said('You are booked.'), RESTART_BOUND_MS);
      await phone.stop();
      const result = await sb.calls.handle(input.callSid).result();
      const callId = session.responses.find((response) => response.toolCall)!.toolCall!.callId;
      expect(result.toolCalls).toEqual([{ toolCallId: callId, name: 'book_appointment', ok: true }]);
      expect(result.summary).toBeDefined();
      expect(session.functionCallOutputs.map((output) => JSON.parse(output.output) as { ok: boolean })).toEqual([expect.objectContaining({ ok: true })]);
      expect(await sb.db.appointment.count({ where: { sourceKey: callId } })).toBe(1);
      expect(session.responses.map((response) => response.speechText)).toEqual([GREETING, 'Let me book that.', FILLER, 'You are booked.']);
      // Every transcript turn, signalled while the server was down or after, reached the call's record once and in order.
      const turns = await sb.db.callTurn.findMany({ where: { callSid: input.callSid }, orderBy: { seq: 'asc' } });
      expect(turns.map((turn) => turn.text)).toEqual([GREETING, 'Can you book me an oil change?', 'Let me book that.', FILLER, 'You are booked.']);
    }, FAULT_TIMEOUT_MS);
  });

  describe('during a reminder campaign', () => {
    let stack: CampaignStack;
    let db: PrismaClient;
    let sb: TestSwitchboard | undefined;

    beforeAll(async () => {
      stack = await startCampaignStack();
      db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    });
    afterAll(async () => {
      await sb?.shutdown();
      await db?.$disconnect();
      await stack?.close();
    });

    it('dials every eligible appointment exactly once across a server crash, and the campaign completes', async () => {
      const tenant = await createCampaignTenant(db);
      const day = await seedCampaignDay(db, tenant, ELIGIBLE);
      // The worker's allow-list is read at its start: the day's numbers first.
      const worker = (sb = await startCampaignWorker(stack, day.allowList));
      await db.campaign.create({ data: { id: reminderScheduleId(tenant.slug), tenantId: tenant.id, name: 'restart test', schedule: '0 17 * * *' } });
      // Each person stays on the line a moment, so calls are in flight when the server dies.
      for (const phone of day.eligible) stack.rest.scriptCallee(phone, { outcome: 'answer', answeredBy: 'human', talkMs: 3_000 });
      // The server dies the moment Twilio has taken the third dial: the worker is still to report it, other calls are on the line.
      const restarted = new Promise<void>((resolve, reject) => {
        stack.rest.on('callCreated', () => {
          if (stack.rest.calls.length === CRASH_AT_DIAL) temporal.restart('SIGKILL').then(resolve, reject);
        });
      });
      const input: ReminderCampaignInput = { tenantId: tenant.id, campaignId: reminderScheduleId(tenant.slug), date: day.date, concurrency: 3, dialsPerSecond: 0 };
      const handle = await worker.client.workflow.start(REMINDER_CAMPAIGN_WORKFLOW_TYPE, { taskQueue: stack.taskQueue, workflowId: `restart-campaign-${randomUUID()}`, args: [input] });

      await restarted;

      const progress = (await handle.result()) as CampaignProgress;
      const dialsTo = (phone: string) => stack.rest.calls.filter((call) => call.to === phone).length;
      for (const phone of day.eligible) expect(dialsTo(phone)).toBe(1);
      for (const phone of Object.values(day.refused)) expect(dialsTo(phone)).toBe(0);
      expect(progress).toMatchObject({ total: ELIGIBLE + 3, started: ELIGIBLE + 3, inFlight: 0, placed: ELIGIBLE, answeredByHuman: ELIGIBLE, failed: 0, done: true });
    }, FAULT_TIMEOUT_MS);
  });
});
