import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postCallWorkflowId } from '../../libs/calls/src';
import { requestGreetingRender } from '../../libs/greetings/src/greeting-renders';
import type { RenderGreetingWorkflow } from '../../libs/greetings/src/render-greeting-messages';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { bridgeEventsSignal, callStatusSignal, dtmfSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { answeredBySignal, outboundCallStatusSignal } from '../../libs/outbound/src/outbound-messages';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { TwilioRestSimulator } from '../../simulators/twilio';
import { eventually } from '../media-edge/support/eventually';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow } from '../../simulators/fixtures/outbound-fixtures';
import { createTestTenant, testPhoneNumber } from '../../simulators/fixtures/fixture-tenant';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { patchesRecorded } from '../support/workflow-history';
import { localDate, nowIn } from '../../simulators/fixtures/fixture-clock';
import { REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId } from '../../libs/campaigns/src/reminder-campaign';
import { createCampaignTenant } from '../../simulators/fixtures/campaign-day';

/**
 * Determinism guard. Histories recorded from earlier versions of the
 * workflows (test/fixtures/histories) must replay on today's code; so must
 * the histories of a call run now. After an intended change of a workflow's
 * shape, record new fixtures with `RECORD_HISTORIES=1 npx jest test/workflows/replay`
 * and keep the old ones until no such workflow can still be running.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/histories');
const { History } = temporal.api.history.v1;
type RecordedHistory = { workflowId: string; history: temporal.api.history.v1.IHistory };

const TWILIO = { accountSid: `AC${'7e'.repeat(16)}`, authToken: 'replay-test-auth-token' };
const CUSTOMER = testPhoneNumber();

describe('workflow replay', () => {
  let sb: TestSwitchboard;
  let rest: TwilioRestSimulator;
  beforeAll(async () => {
    rest = await TwilioRestSimulator.start(TWILIO);
    sb = await startTestSwitchboard({
      telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl })),
      // No API here: the test itself tells the workflows what Twilio's callbacks would (port 9 discards them).
      followUps: { PUBLIC_URL: 'http://127.0.0.1:9', OUTBOUND_ALLOW_LIST: CUSTOMER, SMS_FOLLOW_UP_DELAY_SECONDS: 0 },
    });
  });
  afterAll(async () => {
    await sb.shutdown();
    await rest.close();
  });

  const replay = (histories: RecordedHistory[]) =>
    Worker.runReplayHistories({ workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! } }, histories);

  it('replays the recorded histories of earlier versions', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.history.bin'));
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.run\d+\.history\.bin$/, ''),
      history: History.decode(readFileSync(path.join(FIXTURES, file))),
    }));
    const results = [];
    for await (const result of replay(histories)) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(histories.map((h) => [h.workflowId, undefined]));
  });

  it("replays a full call run now: turns (one delivered twice), a media-edge batch (delivered twice), keypad, tools, continueAsNew and the post-call child", async () => {
    const tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone, { historyLimit: 30 });
    const handle = await sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Is my Civic ready?'));
    // A media-edge retry delivers a numbered signal twice: the second is ignored.
    const numbered = { ...turn('agent', 'Let me check.'), origin: { bridgeId: 'bridge-replay', seq: 1 } };
    for (let i = 0; i < 2; i++) await handle.signal(transcriptTurnSignal, numbered);
    const batch = {
      events: [
        { kind: 'mediaConnected' as const, at: new Date().toISOString(), streamSid: 'MZreplay', origin: { bridgeId: 'bridge-replay', seq: 2 } },
        { kind: 'turn' as const, ...turn('caller', 'And the brakes?'), origin: { bridgeId: 'bridge-replay', seq: 3 } },
      ],
    };
    for (let i = 0; i < 2; i++) await handle.signal(bridgeEventsSignal, batch);
    await sb.calls.runTool(input.callSid, 'call_replay_status', 'get_work_order_status', { work_order_number: 'WO-1001' });
    for (let i = 0; i < 20; i++) await handle.signal(transcriptTurnSignal, turn('agent', `detail ${i}`));
    await handle.signal(dtmfSignal, { digit: '1', at: new Date().toISOString() });
    await sb.calls.runTool(input.callSid, 'call_replay_slots', 'check_availability', {
      date: localDate(nowIn(AUTO_SHOP.timeZone).plus({ days: 50 })),
    });
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();

    const histories = [
      ...(await historiesOf(handle.workflowId, handle.firstExecutionRunId)),
      ...(await historiesOf(postCallWorkflowId(input.callSid))),
    ];
    expect(histories.length).toBeGreaterThanOrEqual(3); // at least two call runs and the child
    const results = [];
    for await (const result of replay(histories)) results.push(result);
    expect(results.filter((r) => r.error)).toEqual([]);

    if (process.env.RECORD_HISTORIES) {
      mkdirSync(FIXTURES, { recursive: true });
      histories.forEach(({ workflowId, history }, i) => {
        writeFileSync(path.join(FIXTURES, `${workflowId}.run${i}.history.bin`), History.encode(history).finish());
      });
    }
  });

  it('replays a call whose fast tool failed for good: tool_unavailable to the model, behind its patch marker', async () => {
    const tenant = await createTestTenant(sb.db);
    // An unreadable agent config: every tool run fails, not retried (the local activity's own ApplicationFailure).
    await sb.db.agentConfig.update({ where: { tenantId: tenant.id }, data: { transferNumbers: { primary: 42 } } });
    const input = inboundCall(tenant.id, tenant, CUSTOMER);
    const handle = await sb.calls.startOrAttach(input);

    const result = await sb.calls.runTool(input.callSid, 'call_replay_unavailable', 'lookup_customer', {});

    expect(result).toMatchObject({ ok: false, error: { code: 'tool_unavailable' } });
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
    const histories = await historiesOf(handle.workflowId);
    expect(patchesRecorded(histories[0].history)).toContain('local-tool-failures-unavailable');
    const results = [];
    for await (const replayed of replay(histories)) results.push(replayed);
    expect(results.filter((r) => r.error)).toEqual([]);
  });

  it('replays a greeting render run now, with a config change signalled while it ran', async () => {
    // A tenant of the file's own: render workflows are named by tenant id, which every file's seeded copy shares.
    const { id: tenantId } = await createTestTenant(sb.db);
    const workflowId = await requestGreetingRender(sb.client, tenantId, sb.taskQueue);
    await requestGreetingRender(sb.client, tenantId, sb.taskQueue);
    await sb.client.workflow.getHandle<RenderGreetingWorkflow>(workflowId).result();

    const histories = await historiesOf(workflowId);
    const results = [];
    for await (const result of replay(histories)) results.push(result);
    expect(results.filter((r) => r.error)).toEqual([]);

    if (process.env.RECORD_HISTORIES) {
      mkdirSync(FIXTURES, { recursive: true });
      writeFileSync(path.join(FIXTURES, 'render-greeting.run0.history.bin'), History.encode(histories[0].history).finish());
    }
  });

  it('replays a reminder campaign across pages: children started, their reports, continueAsNew', async () => {
    const tenant = await createCampaignTenant(sb.db);
    const date = localDate(nowIn(tenant.timeZone).plus({ days: 1 }));
    // Nobody has consented: every call is skipped before dialling, so no telephony is needed.
    const startsAt = nowIn(tenant.timeZone).plus({ days: 1 }).set({ hour: 10 });
    await sb.db.appointment.createMany({
      data: Array.from({ length: 5 }, (_, index) => ({
        tenantId: tenant.id,
        contactName: `Replay ${index}`,
        contactPhone: `+1999000000${index}`,
        serviceName: 'Oil change',
        startsAt: startsAt.plus({ minutes: index }).toJSDate(),
        endsAt: startsAt.plus({ minutes: index + 60 }).toJSDate(),
      })),
    });
    const campaignId = reminderScheduleId(tenant.slug);
    await sb.db.campaign.create({ data: { id: campaignId, tenantId: tenant.id, name: 'replay', schedule: '0 17 * * *' } });
    const handle = await sb.client.workflow.start(REMINDER_CAMPAIGN_WORKFLOW_TYPE, {
      taskQueue: sb.taskQueue,
      workflowId: `replay-campaign-${tenant.slug}-${date}`,
      args: [{ tenantId: tenant.id, campaignId, date, concurrency: 2, dialsPerSecond: 0, pageSize: 2 }],
    });
    expect(await handle.result()).toMatchObject({ total: 5, started: 5, skipped: { no_consent: 5 }, done: true });

    const histories = await historiesOf(handle.workflowId, handle.firstExecutionRunId);
    expect(histories.length).toBe(3); // a run per page
    const results = [];
    for await (const result of replay(histories)) results.push(result);
    expect(results.filter((r) => r.error)).toEqual([]);
  });

  it('replays an outbound reminder now: a no-answer, a redial, a machine that hangs up before the voicemail, the follow-up text', async () => {
    const tenant = await moveTenant(sb.db, await createTestTenant(sb.db), zoneWhereItIsNow(13));
    const customer = await bookedCustomer(sb.db, tenant, CUSTOMER);
    rest.scriptCallee(CUSTOMER, { outcome: 'no-answer' });
    rest.scriptCallee(CUSTOMER, { outcome: 'answer', answeredBy: 'machine_end_beep' });
    const handle = await startReminder(sb.client, sb.taskQueue, tenant, customer, { redial: { extraAttempts: 1, intervalMs: 50 } });
    const at = () => new Date().toISOString();
    const dialed = (count: number) => rest.waitUntil(() => rest.calls.filter((call) => call.to === CUSTOMER).length === count);

    await dialed(1);
    await handle.signal(outboundCallStatusSignal, { callSid: rest.calls.at(-1)!.sid, status: 'no-answer', at: at() });
    await dialed(2);
    const callSid = rest.calls.at(-1)!.sid;
    await handle.signal(answeredBySignal, { callSid, answeredBy: 'machine_end_beep', at: at() });
    await eventually('the voicemail attempt to finish', async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'leaveVoicemail');
      return scheduled && events.some((event) => Number(event.activityTaskCompletedEventAttributes?.scheduledEventId) === Number(scheduled.eventId));
    });
    await handle.signal(outboundCallStatusSignal, { callSid, status: 'completed', at: at() });
    expect(await handle.result()).toMatchObject({ outcome: 'no_answer', reason: 'machine_hung_up', attempts: 2 });

    const histories = await historiesOf(handle.workflowId);
    const results = [];
    for await (const result of replay(histories)) results.push(result);
    expect(results.filter((r) => r.error)).toEqual([]);
    if (process.env.RECORD_HISTORIES) {
      // Named by the workflow id: replay derives the id (and so its children's ids) from the file name.
      writeFileSync(path.join(FIXTURES, `${handle.workflowId}.run0.history.bin`), History.encode(histories[0].history).finish());
    }
  });

  /** Every run of a workflow, following the continueAsNew chain from its first run. */
  async function historiesOf(workflowId: string, firstRunId?: string): Promise<RecordedHistory[]> {
    const runs: RecordedHistory[] = [];
    let runId = firstRunId;
    do {
      const history = await sb.client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.push({ workflowId, history });
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    } while (runId);
    return runs;
  }
});
