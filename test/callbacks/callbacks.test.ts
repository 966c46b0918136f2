import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { callbackCallWorkflowId, callbackStaffTextWorkflowId, callbackWorkflowId, type CallbackState } from '../../libs/callbacks/src/callback-messages';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { callStatusSignal, runToolUpdate } from '../../libs/calls/src/call-messages';
import type { TwilioRestSimulator } from '../../simulators/twilio';
import { issueKey } from '../api/support/api-keys';
import { replayFailures } from '../sms/support/replay';
import { testPhoneNumber } from '../../simulators/fixtures/fixture-tenant';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { createCallbackTenant, hoursEveryDay, localInstant, type CallbackTenant } from './support/callback-tenant';
import { requestJson } from './support/http';

const TWILIO = { accountSid: `AC${'6'.repeat(32)}`, authToken: 'callbacks-test-auth-token' };
const FIXTURES = path.resolve(__dirname, '../fixtures/histories');

describe('Callbacks: durable timers, Updates and REST (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: WebhookStack;
  let rest: TwilioRestSimulator;
  let sb: TestSwitchboard;
  let apiUrl: string;

  // No customer number is allow-listed or has consent: staff texts must need neither.
  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: [] });
    ({ rest, sb, apiUrl } = stack);
  });
  afterAll(() => stack.stop());

  const api = <T = CallbackState>(tenant: { apiKey: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', route: string, options?: { body?: unknown; headers?: Record<string, string> }) =>
    requestJson<T>(apiUrl, tenant.apiKey, method, route, options);
  const create = (tenant: CallbackTenant, body: Record<string, unknown>, headers?: Record<string, string>) =>
    api(tenant, 'POST', '/v1/callbacks', { body: { phone: testPhoneNumber(), reason: 'Wants a quote for brakes', ...body }, headers });
  const outcomeOf = (callbackId: string): Promise<CallbackState> => sb.client.workflow.getHandle(callbackWorkflowId(callbackId)).result();
  const textsTo = (phone: string) => rest.messages.filter((message) => message.init.to === phone);
  const rowOf = (callbackId: string) => sb.db.callback.findUniqueOrThrow({ where: { id: callbackId } });
  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

  it('waits for the requested time, then texts the staff member on duty once', async () => {
    const tenant = await createCallbackTenant(sb.db);
    const phone = testPhoneNumber();
    const requestedAt = inSeconds(2);

    const created = await create(tenant, { phone, name: 'Casey', notes: 'Prefers mornings', requestedAt });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ requestedAt, phone, source: 'rest', action: 'sms_staff' });
    // Due at the requested time, or at once when the request itself took longer than that (a busy machine).
    expect(Date.parse(created.body.dueAt!)).toBeGreaterThanOrEqual(Date.parse(requestedAt));
    expect(await outcomeOf(created.body.callbackId)).toMatchObject({ status: 'completed', outcome: 'staff_texted' });
    const texts = textsTo(tenant.staff);
    expect(texts.map((text) => [text.init.from, text.init.body])).toEqual([
      [tenant.phoneNumber, `${tenant.name}: please call back Casey at ${phone} now. Reason: Wants a quote for brakes. Notes: Prefers mornings`],
    ]);
    expect(texts[0].dateCreated.getTime()).toBeGreaterThanOrEqual(Date.parse(requestedAt));
    expect(textsTo(phone)).toEqual([]);
    expect((await api(tenant, 'GET', `/v1/callbacks/${created.body.callbackId}`)).body).toMatchObject({ status: 'completed', outcome: 'staff_texted' });
    expect(await rowOf(created.body.callbackId)).toMatchObject({ status: 'COMPLETED', outcome: 'staff_texted', dueAt: new Date(created.body.dueAt!), finishedAt: expect.any(Date) });
  });

  it('clamps the requested time into business hours and contact hours', async () => {
    // Open 18:00–23:00 every day; contact hours end at 20:00. It is about 14:00 there now.
    const tenant = await createCallbackTenant(sb.db, { businessHours: hoursEveryDay('18:00', '23:00') });
    const asap = await create(tenant, {});
    const lateEvening = await create(tenant, { requestedAt: localInstant(tenant.timeZone, '21:30') });
    const earlyMorning = await create(tenant, { requestedAt: localInstant(tenant.timeZone, '03:00', 2) });
    const inWindow = await create(tenant, { requestedAt: localInstant(tenant.timeZone, '19:15', 1) });

    expect([asap, lateEvening, earlyMorning, inWindow].map((response) => [response.status, response.body.dueAt])).toEqual([
      [201, localInstant(tenant.timeZone, '18:00')],
      [201, localInstant(tenant.timeZone, '18:00', 1)],
      [201, localInstant(tenant.timeZone, '18:00', 2)],
      [201, localInstant(tenant.timeZone, '19:15', 1)],
    ]);
    const listed = await api<{ data: CallbackState[] }>(tenant, 'GET', '/v1/callbacks?status=scheduled');
    expect(listed.body.data.map((callback) => callback.dueAt).sort()).toEqual([asap, lateEvening, earlyMorning, inWindow].map((r) => r.body.dueAt).sort());
    for (const { body } of [asap, lateEvening, earlyMorning, inWindow]) await api(tenant, 'DELETE', `/v1/callbacks/${body.callbackId}`);
    expect(textsTo(tenant.staff)).toEqual([]);
  });

  it('cancels a scheduled callback: it ends cancelled and nobody is texted', async () => {
    const tenant = await createCallbackTenant(sb.db);
    const created = await create(tenant, { requestedAt: inSeconds(3600) });

    const cancelled = await api(tenant, 'DELETE', `/v1/callbacks/${created.body.callbackId}?reason=customer%20called%20in`);

    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', outcome: 'customer called in' });
    expect(await outcomeOf(created.body.callbackId)).toMatchObject({ status: 'cancelled' });
    expect(await rowOf(created.body.callbackId)).toMatchObject({ status: 'CANCELLED', outcome: 'customer called in' });
    const again = await api(tenant, 'DELETE', `/v1/callbacks/${created.body.callbackId}`);
    expect(again.status).toBe(409);
    expect(textsTo(tenant.staff)).toEqual([]);
  });

  it('reschedules a waiting callback to a new time, then acts at that time; bad times are refused with the reason', async () => {
    const tenant = await createCallbackTenant(sb.db);
    const created = await create(tenant, { requestedAt: inSeconds(3600) });
    const route = `/v1/callbacks/${created.body.callbackId}`;

    const malformed = await api<{ message: string[] }>(tenant, 'PATCH', route, { body: { requestedAt: 'tomorrow', when: 'soon' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toEqual([
      'requestedAt: expected an ISO 8601 date-time with a zone, e.g. 2026-12-03T15:30:00-06:00',
      'Unrecognized key: "when"',
    ]);

    const requestedAt = inSeconds(2);
    const moved = await api(tenant, 'PATCH', route, { body: { requestedAt } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ requestedAt });
    expect(Date.parse(moved.body.dueAt!)).toBeGreaterThanOrEqual(Date.parse(requestedAt));
    expect(await outcomeOf(created.body.callbackId)).toMatchObject({ status: 'completed', outcome: 'staff_texted' });
    expect(textsTo(tenant.staff)).toHaveLength(1);
    expect(textsTo(tenant.staff)[0].dateCreated.getTime()).toBeGreaterThanOrEqual(Date.parse(requestedAt));

    const tooLate = await api(tenant, 'PATCH', route, { body: { requestedAt: inSeconds(60) } });
    expect(tooLate.status).toBe(409);
  });

  it('calls the customer back after texting staff (callbackAction BOTH), and fails visibly when the contact rules refuse the call', async () => {
    const tenant = await createCallbackTenant(sb.db, { action: 'BOTH' });
    const created = await create(tenant, {});

    const failure = await outcomeOf(created.body.callbackId).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'CallbackActionFailed', nonRetryable: true });
    expect(cause?.message).toContain('skipped');
    expect(textsTo(tenant.staff)).toHaveLength(1);
    // The AI call is an outbound call of its own, held to the contact rules: this customer never agreed to be called.
    const call = await sb.client.workflow.getHandle(callbackCallWorkflowId(created.body.callbackId)).result();
    expect(call).toMatchObject({ outcome: 'skipped', attempts: 0 });
    expect((await api(tenant, 'GET', `/v1/callbacks/${created.body.callbackId}`)).body).toMatchObject({
      status: 'failed',
      outcome: 'staff_texted,ai_call_skipped',
    });
  });

  it("shows a key its own tenant's callbacks only: another tenant's answers 404 on every endpoint, naming it is a 403", async () => {
    const owner = await createCallbackTenant(sb.db);
    const other = await createCallbackTenant(sb.db);
    const created = await create(owner, { requestedAt: inSeconds(3600) });
    const route = `/v1/callbacks/${created.body.callbackId}`;
    const unknown = '/v1/callbacks/cb_000000000000000000000000';

    for (const [method, body] of [['GET'], ['PATCH', { requestedAt: inSeconds(60) }], ['DELETE']] as const) {
      const asOther = await api(other, method, route, { body });
      const missing = await api(other, method, unknown, { body });
      expect([method, asOther.status, (asOther.body as unknown as { message: string }).message]).toEqual([method, 404, `No callback ${created.body.callbackId}`]);
      expect(missing.status).toBe(404);
    }
    expect((await api<{ data: CallbackState[] }>(other, 'GET', '/v1/callbacks')).body.data).toEqual([]);
    expect((await api<{ data: CallbackState[] }>(owner, 'GET', '/v1/callbacks')).body.data.map((c) => c.callbackId)).toEqual([created.body.callbackId]);
    const naming = await api(other, 'POST', '/v1/callbacks', { body: { phone: testPhoneNumber(), reason: 'Wants a quote', tenant: owner.slug } });
    expect(naming.status).toBe(403);
    const asListOfOwner = await api(other, 'GET', `/v1/callbacks?tenant=${owner.slug}`);
    expect(asListOfOwner.status).toBe(403);

    const admin = { apiKey: await issueKey(sb.db, 'admin') };
    expect((await api(admin, 'GET', route)).body).toMatchObject({ callbackId: created.body.callbackId, status: 'scheduled' });
    expect((await api(owner, 'DELETE', route)).body).toMatchObject({ status: 'cancelled' });
  });

  it('creates one callback per Idempotency-Key', async () => {
    const tenant = await createCallbackTenant(sb.db);
    const body = { phone: testPhoneNumber(), reason: 'Wants a quote for brakes', requestedAt: inSeconds(3600) };
    const key = `callback-${randomUUID()}`;

    const first = await api(tenant, 'POST', '/v1/callbacks', { body, headers: { 'idempotency-key': key } });
    const retry = await api(tenant, 'POST', '/v1/callbacks', { body, headers: { 'idempotency-key': key } });
    const another = await api(tenant, 'POST', '/v1/callbacks', { body, headers: { 'idempotency-key': `${key}-2` } });

    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(another.body.callbackId).not.toBe(first.body.callbackId);
    expect(await sb.db.callback.count({ where: { tenantId: tenant.id } })).toBe(2);
    for (const { body: state } of [first, another]) await api(tenant, 'DELETE', `/v1/callbacks/${state.callbackId}`);
  });

  it('starts one callback workflow from the request_callback tool, however often the tool call is retried', async () => {
    const tenant = await createCallbackTenant(sb.db);
    const caller = testPhoneNumber();
    const callSid = newCallSid();
    const call = await sb.calls.startOrAttach({ callSid, tenantId: tenant.id, direction: 'inbound', from: caller, to: tenant.phoneNumber, startedAt: new Date().toISOString(), toolPacks: tenant.toolPacks });
    const toolCallId = `${callSid}-callback`;
    const args = { reason: 'Wants to talk about the estimate', name: 'Robin' };

    const first = await sb.calls.runTool(callSid, toolCallId, 'request_callback', args);
    const sameUpdate = await sb.calls.runTool(callSid, toolCallId, 'request_callback', args);
    // A new Update for the same tool call runs the handler again: the recorded execution must not start a second callback.
    const newUpdate = await call.executeUpdate(runToolUpdate, { args: [{ toolCallId, name: 'request_callback', args }], updateId: `${toolCallId}-again` });
    await call.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await call.result();

    expect(first).toMatchObject({ ok: true, data: { status: 'pending', phone: caller, callback_id: expect.any(String) } });
    expect([sameUpdate, newUpdate]).toEqual([first, first]);
    const callbackId = (first as { data: { callback_id: string } }).data.callback_id;
    expect(await outcomeOf(callbackId)).toMatchObject({ status: 'completed', outcome: 'staff_texted', source: 'call', callSid, phone: caller });
    expect(await sb.db.callback.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(textsTo(tenant.staff).map((text) => text.init.body)).toEqual([`${tenant.name}: please call back Robin at ${caller} now. Reason: Wants to talk about the estimate.`]);
    const started = (await call.fetchHistory()).events?.filter((event) => event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId === callbackWorkflowId(callbackId));
    expect(started).toHaveLength(1);
    // The callback outlives the call (ABANDON) and links back to it in the Temporal UI.
    const description = await sb.client.workflow.getHandle(callbackWorkflowId(callbackId)).describe();
    expect(description.parentExecution?.workflowId).toBe(call.workflowId);
  });

  it('replays fresh runs of rescheduled, cancelled and failed callbacks and their staff texts', async () => {
    const texting = await createCallbackTenant(sb.db);
    const failing = await createCallbackTenant(sb.db, { action: 'AI_CALL' });
    const rescheduled = await create(texting, { requestedAt: inSeconds(3600) });
    await api(texting, 'PATCH', `/v1/callbacks/${rescheduled.body.callbackId}`, { body: { requestedAt: inSeconds(1) } });
    const cancelled = await create(texting, { requestedAt: inSeconds(3600) });
    await api(texting, 'DELETE', `/v1/callbacks/${cancelled.body.callbackId}`);
    const failed = await create(failing, {});
    await outcomeOf(rescheduled.body.callbackId);
    await outcomeOf(failed.body.callbackId).catch(() => undefined);

    const workflowIds = [
      callbackWorkflowId(rescheduled.body.callbackId),
      callbackStaffTextWorkflowId(rescheduled.body.callbackId),
      callbackWorkflowId(cancelled.body.callbackId),
      callbackWorkflowId(failed.body.callbackId),
    ];
    expect(await replayFailures(sb, workflowIds)).toEqual([]);
    expect(await rowOf(failed.body.callbackId)).toMatchObject({ status: 'FAILED', outcome: 'ai_call_skipped' });

    if (process.env.RECORD_HISTORIES) {
      for (const workflowId of workflowIds) {
        const history = await sb.client.workflow.getHandle(workflowId).fetchHistory();
        writeFileSync(path.join(FIXTURES, `${workflowId}.run0.history.bin`), temporal.api.history.v1.History.encode(history).finish());
      }
    }
  });
});
