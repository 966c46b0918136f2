import { ScheduleOverlapPolicy } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { reminderScheduleId } from '../../libs/campaigns/src/reminder-campaign';
import { createPrismaClient } from '../../libs/db/src/prisma';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';
import { createCampaignTenant, seedCampaignDay, type CampaignDay, type CampaignTenant } from '../../simulators/fixtures/campaign-day';
import { campaignApi, startCampaignStack, startCampaignWorker, tenantKey, type CampaignStack } from './support/campaign-stack';

const ELIGIBLE = 6;
/** A run waits on every call it starts, each on a real Twilio round trip through the API. */
const RUN_TIMEOUT_MS = 180_000;

describe('reminder campaigns (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: CampaignStack;
  let sb: TestSwitchboard;
  let tenant: CampaignTenant;
  let day: CampaignDay;
  let api: ReturnType<typeof campaignApi>;
  let campaignId: string;

  beforeAll(async () => {
    stack = await startCampaignStack();
    // The worker's allow-list holds the day's numbers: seed before it starts.
    const db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    tenant = await createCampaignTenant(db);
    day = await seedCampaignDay(db, tenant, ELIGIBLE);
    api = campaignApi(stack.apiUrl, await tenantKey(db, tenant.id));
    await db.$disconnect();
    sb = await startCampaignWorker(stack, day.allowList);
    // Two of the day's callees leave it to their voicemail, one number is dead.
    // The machines stay on the line long enough to record the message.
    stack.rest.scriptCallee(day.eligible[0], { outcome: 'answer', answeredBy: 'machine_end_beep', talkMs: 3_000 });
    stack.rest.scriptCallee(day.eligible[1], { outcome: 'answer', answeredBy: 'machine_end_silence', talkMs: 3_000 });
    stack.rest.scriptCallee(day.eligible[2], { outcome: 'failed' });
    campaignId = reminderScheduleId(tenant.slug);
  });
  afterAll(async () => {
    await sb?.client.schedule.getHandle(campaignId).delete().catch(() => undefined);
    await sb?.shutdown();
    await stack?.close();
  });

  const dialsTo = (phone: string) => stack.rest.calls.filter((call) => call.to === phone).length;
  const outboundDials = () => stack.rest.calls.filter((call) => [...day.eligible, ...Object.values(day.refused)].includes(call.to));

  it('creates the schedule in the tenant zone, SKIP on overlap, a one-hour catch-up window; creating again updates it', async () => {
    const created = await api.request('POST', '/v1/campaigns', { concurrency: 3, dialsPerSecond: 0 }, { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: campaignId, tenant: tenant.slug, time: '17:00', timeZone: tenant.timeZone, concurrency: 3, dialsPerSecond: 0, paused: false });

    const again = await api.request('POST', '/v1/campaigns', { concurrency: 4, dialsPerSecond: 0 });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: campaignId, concurrency: 4 });

    const schedule = await sb.client.schedule.getHandle(campaignId).describe();
    expect(schedule.spec.timezone).toBe(tenant.timeZone);
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 17, end: 17, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 3_600_000 });
  });

  it('refuses a reminder time between 01:00 and 03:00 and names the bad fields', async () => {
    const refused = await api.request('PATCH', `/v1/campaigns/${campaignId}`, { time: '02:30', concurrency: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([expect.stringMatching(/^time: .*daylight saving/), expect.stringMatching(/^concurrency: /)]);
  });

  it('calls every eligible appointment once, counts the refused ones by reason, and reports progress', async () => {
    expect((await api.request('POST', `/v1/campaigns/${campaignId}/trigger`)).status).toBe(202);
    const [run] = await api.finishedRuns(sb.client, campaignId, day.date, 1);

    expect(outboundDials()).toHaveLength(ELIGIBLE);
    for (const phone of day.eligible) expect(dialsTo(phone)).toBe(1);
    for (const phone of Object.values(day.refused)) expect(dialsTo(phone)).toBe(0);
    expect(run.progress).toMatchObject({
      date: day.date,
      total: ELIGIBLE + 3,
      started: ELIGIBLE + 3,
      inFlight: 0,
      placed: ELIGIBLE,
      answeredByHuman: ELIGIBLE - 3,
      voicemailLeft: 2,
      failed: 1,
      skipped: { opted_out: 1, no_consent: 1, not_allow_listed: 1 },
      done: true,
    });
    const attempts = await sb.db.reminderAttempt.findMany({ where: { campaignId }, select: { attemptKey: true, appointmentId: true } });
    expect(new Set(attempts.map((attempt) => attempt.attemptKey)).size).toBe(ELIGIBLE);
    expect(new Set(attempts.map((attempt) => attempt.appointmentId)).size).toBe(ELIGIBLE);
  }, RUN_TIMEOUT_MS);

  it('re-running, triggering and backfilling the same day dial nobody again', async () => {
    expect((await api.request('POST', `/v1/campaigns/${campaignId}/trigger`)).status).toBe(202);
    await api.finishedRuns(sb.client, campaignId, day.date, 2);
    const backfill = await api.request('POST', `/v1/campaigns/${campaignId}/backfill`, { from: day.date, to: day.date }, { 'idempotency-key': randomUUID() });
    expect(backfill).toMatchObject({ status: 202, body: { dates: [day.date] } });
    const runs = await api.finishedRuns(sb.client, campaignId, day.date, 3);

    expect(outboundDials()).toHaveLength(ELIGIBLE);
    for (const later of runs.slice(1)) {
      expect(later.progress).toMatchObject({ total: ELIGIBLE + 3, placed: 0, skipped: { already_reminded: ELIGIBLE + 3 }, done: true });
    }
    const latest = await api.request('GET', `/v1/campaigns/${campaignId}/runs?limit=2`);
    expect((latest.body.data as typeof runs).map((run) => run.runId)).toEqual([runs[2].runId, runs[1].runId]);
  }, RUN_TIMEOUT_MS);

  it('pauses and resumes the schedule', async () => {
    expect((await api.request('POST', `/v1/campaigns/${campaignId}/pause`, { note: 'holidays' })).body).toMatchObject({ paused: true, note: 'holidays' });
    expect((await api.request('POST', `/v1/campaigns/${campaignId}/unpause`, {})).body).toMatchObject({ paused: false });
  });

  it("a key sees only its own tenant's campaign", async () => {
    const other = await createCampaignTenant(sb.db);
    const stranger = campaignApi(stack.apiUrl, await tenantKey(sb.db, other.id));

    expect(await stranger.request('GET', '/v1/campaigns')).toMatchObject({ status: 200, body: { data: [] } });
    for (const [method, path, body] of [
      ['GET', `/v1/campaigns/${campaignId}`],
      ['PATCH', `/v1/campaigns/${campaignId}`, { concurrency: 1 }],
      ['POST', `/v1/campaigns/${campaignId}/pause`, {}],
      ['POST', `/v1/campaigns/${campaignId}/trigger`],
      ['POST', `/v1/campaigns/${campaignId}/backfill`, { from: day.date, to: day.date }],
      ['GET', `/v1/campaigns/${campaignId}/runs/${day.date}`],
      ['GET', `/v1/campaigns/${campaignId}/runs`],
    ] as const) {
      expect(await stranger.request(method, path, body)).toMatchObject({ status: 404, body: { message: `No campaign ${campaignId}` } });
    }
    expect((await stranger.request('POST', '/v1/campaigns', { tenant: tenant.slug })).status).toBe(403);
    expect((await api.request('GET', `/v1/campaigns/${campaignId}`)).body).toMatchObject({ concurrency: 4, paused: false });
  });
});
