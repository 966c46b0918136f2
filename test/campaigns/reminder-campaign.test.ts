import { ScheduleOverlapPolicy } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { reminderScheduleId } from '../../libs/campaigns/src/reminder-campaign';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { localDate, nowIn } from '../../simulators/fixtures/fixture-clock';
import { campaignNumbers, createCampaignTenant, seedCampaignDay, type CampaignNumbers } from '../../simulators/fixtures/campaign-day';
import { campaignApi, startCampaignStack, startCampaignWorker, tenantKey, type CampaignStack } from './support/campaign-stack';

const ELIGIBLE = 6;
/** A run waits on every call it starts, each on a real Twilio round trip through the API. */
const RUN_TIMEOUT_MS = 180_000;
/** The calls the day's campaigns make, one day per test: chosen first, the worker's allow-list must hold them. */
const NUMBERS = { counted: campaignNumbers(ELIGIBLE), rerun: campaignNumbers(2) } satisfies Record<string, CampaignNumbers>;

describe('reminder campaigns (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: CampaignStack;
  let sb: TestSwitchboard;
  const schedules: string[] = [];

  beforeAll(async () => {
    stack = await startCampaignStack();
    sb = await startCampaignWorker(stack, Object.values(NUMBERS).flatMap((numbers) => numbers.allowList));
  });
  afterAll(async () => {
    for (const id of schedules) await sb?.client.schedule.getHandle(id).delete().catch(() => undefined);
    await sb?.shutdown();
    await stack?.close();
  });

  /** A tenant of the test's own, with an API key, and its campaign id (the schedule is deleted after the file). */
  async function campaignTenant() {
    const tenant = await createCampaignTenant(sb.db);
    const id = reminderScheduleId(tenant.slug);
    schedules.push(id);
    return { tenant, id, api: campaignApi(stack.apiUrl, await tenantKey(sb.db, tenant.id)) };
  }

  /** The same, with its campaign created. */
  async function tenantWithCampaign() {
    const campaign = await campaignTenant();
    expect((await campaign.api.request('POST', '/v1/campaigns', { concurrency: 3, dialsPerSecond: 0 })).status).toBe(201);
    return campaign;
  }

  const dialsTo = (phone: string) => stack.rest.calls.filter((call) => call.to === phone).length;
  const dialsOf = (numbers: CampaignNumbers) => stack.rest.calls.filter((call) => [...numbers.eligible, ...Object.values(numbers.refused)].includes(call.to));

  it('creates the schedule in the tenant zone, SKIP on overlap, a one-hour catch-up window; creating again updates it', async () => {
    const { tenant, id, api } = await campaignTenant();

    const created = await api.request('POST', '/v1/campaigns', { concurrency: 3, dialsPerSecond: 0 }, { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, tenant: tenant.slug, time: '17:00', timeZone: tenant.timeZone, concurrency: 3, dialsPerSecond: 0, paused: false });

    const again = await api.request('POST', '/v1/campaigns', { concurrency: 4, dialsPerSecond: 0 });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id, concurrency: 4 });

    const schedule = await sb.client.schedule.getHandle(id).describe();
    expect(schedule.spec.timezone).toBe(tenant.timeZone);
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 17, end: 17, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(schedule.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 3_600_000 });
  });

  it('refuses a reminder time between 01:00 and 03:00 and names the bad fields', async () => {
    const { id, api } = await tenantWithCampaign();

    const refused = await api.request('PATCH', `/v1/campaigns/${id}`, { time: '02:30', concurrency: 0 });

    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([expect.stringMatching(/^time: .*daylight saving/), expect.stringMatching(/^concurrency: /)]);
    expect((await api.request('GET', `/v1/campaigns/${id}`)).body).toMatchObject({ time: '17:00', concurrency: 3 });
  });

  it('calls every eligible appointment once, counts the refused ones by reason, and reports progress', async () => {
    const numbers = NUMBERS.counted;
    // Two of the day's callees leave it to their voicemail, one number is dead.
    // The machines stay on the line long enough to record the message.
    stack.rest.scriptCallee(numbers.eligible[0], { outcome: 'answer', answeredBy: 'machine_end_beep', talkMs: 3_000 });
    stack.rest.scriptCallee(numbers.eligible[1], { outcome: 'answer', answeredBy: 'machine_end_silence', talkMs: 3_000 });
    stack.rest.scriptCallee(numbers.eligible[2], { outcome: 'failed' });
    const { tenant, id, api } = await tenantWithCampaign();
    const day = await seedCampaignDay(sb.db, tenant, numbers);

    expect((await api.request('POST', `/v1/campaigns/${id}/trigger`)).status).toBe(202);
    const [run] = await api.finishedRuns(sb.client, id, day.date, 1);

    expect(dialsOf(numbers)).toHaveLength(ELIGIBLE);
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
    const attempts = await sb.db.reminderAttempt.findMany({ where: { campaignId: id }, select: { attemptKey: true, appointmentId: true } });
    expect(new Set(attempts.map((attempt) => attempt.attemptKey)).size).toBe(ELIGIBLE);
    expect(new Set(attempts.map((attempt) => attempt.appointmentId)).size).toBe(ELIGIBLE);
  }, RUN_TIMEOUT_MS);

  it('re-running, triggering and backfilling the same day dial nobody again', async () => {
    const numbers = NUMBERS.rerun;
    const eligible = numbers.eligible.length;
    const { tenant, id, api } = await tenantWithCampaign();
    const day = await seedCampaignDay(sb.db, tenant, numbers);
    expect((await api.request('POST', `/v1/campaigns/${id}/trigger`)).status).toBe(202);
    const [first] = await api.finishedRuns(sb.client, id, day.date, 1);
    expect(first.progress).toMatchObject({ placed: eligible, done: true });

    expect((await api.request('POST', `/v1/campaigns/${id}/trigger`)).status).toBe(202);
    await api.finishedRuns(sb.client, id, day.date, 2);
    const backfill = await api.request('POST', `/v1/campaigns/${id}/backfill`, { from: day.date, to: day.date }, { 'idempotency-key': randomUUID() });
    expect(backfill).toMatchObject({ status: 202, body: { dates: [day.date] } });
    const runs = await api.finishedRuns(sb.client, id, day.date, 3);

    expect(dialsOf(numbers)).toHaveLength(eligible);
    for (const later of runs.slice(1)) {
      expect(later.progress).toMatchObject({ total: eligible + 3, placed: 0, skipped: { already_reminded: eligible + 3 }, done: true });
    }
    const latest = await api.request('GET', `/v1/campaigns/${id}/runs?limit=2`);
    expect((latest.body.data as typeof runs).map((run) => run.runId)).toEqual([runs[2].runId, runs[1].runId]);
  }, RUN_TIMEOUT_MS);

  it('pauses and resumes the schedule', async () => {
    const { id, api } = await tenantWithCampaign();

    expect((await api.request('POST', `/v1/campaigns/${id}/pause`, { note: 'holidays' })).body).toMatchObject({ paused: true, note: 'holidays' });
    expect((await sb.client.schedule.getHandle(id).describe()).state).toMatchObject({ paused: true, note: 'holidays' });
    expect((await api.request('POST', `/v1/campaigns/${id}/unpause`, {})).body).toMatchObject({ paused: false });
  });

  it("a key sees only its own tenant's campaign", async () => {
    const { tenant, id, api } = await tenantWithCampaign();
    const date = localDate(nowIn(tenant.timeZone).plus({ days: 1 }));
    const other = await createCampaignTenant(sb.db);
    const stranger = campaignApi(stack.apiUrl, await tenantKey(sb.db, other.id));

    expect(await stranger.request('GET', '/v1/campaigns')).toMatchObject({ status: 200, body: { data: [] } });
    for (const [method, path, body] of [
      ['GET', `/v1/campaigns/${id}`],
      ['PATCH', `/v1/campaigns/${id}`, { concurrency: 1 }],
      ['POST', `/v1/campaigns/${id}/pause`, {}],
      ['POST', `/v1/campaigns/${id}/trigger`],
      ['POST', `/v1/campaigns/${id}/backfill`, { from: date, to: date }],
      ['GET', `/v1/campaigns/${id}/runs/${date}`],
      ['GET', `/v1/campaigns/${id}/runs`],
    ] as const) {
      expect(await stranger.request(method, path, body)).toMatchObject({ status: 404, body: { message: `No campaign ${id}` } });
    }
    expect((await stranger.request('POST', '/v1/campaigns', { tenant: tenant.slug })).status).toBe(403);
    expect((await api.request('GET', `/v1/campaigns/${id}`)).body).toMatchObject({ concurrency: 3, paused: false });
  });
});
