import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { CallSummarySchema, type TwilioCallStatus } from '../../libs/calls/src';
import { LeadScoreKey, OutcomeKey } from '../../libs/temporal/src/search-attributes';
import { AUTO_SHOP, KNOWN, REAL_ESTATE } from '../../prisma/seed/demo-data';
import { callStateQuery, callStatusSignal, dtmfSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { activityAttempts, localActivityAttempts } from '../support/workflow-history';
import { eventually } from '../media-edge/support/eventually';
import { local, weekdayAhead, workdayAhead } from '../../simulators/fixtures/fixture-clock';

const maria = KNOWN.autoShop.customer;

type History = Parameters<typeof activityAttempts>[0];
/** Fast tools (all of these tests') run as local activities, never as activity tasks. */
const fastToolAttempts = (history: History) => {
  expect(activityAttempts(history, 'executeToolCall')).toEqual([]);
  return localActivityAttempts(history, 'executeToolCall');
};

describe('call workflow', () => {
  let sb: TestSwitchboard;
  let autoShopId: string;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    autoShopId = await tenantIdOf(sb.db, AUTO_SHOP);
  });
  afterAll(() => sb.shutdown());

  const hangUp = (callSid: string) =>
    sb.calls.handle(callSid).signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });

  it('attaches a second start for the same CallSid to the running call', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const first = await sb.calls.startOrAttach(input);
    const second = await sb.calls.startOrAttach({ ...input, startedAt: new Date().toISOString() });
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);

    expect((await first.describe()).runId).toBe(first.firstExecutionRunId);

    await hangUp(input.callSid);
    await first.result();
    expect(await sb.db.call.count({ where: { callSid: input.callSid } })).toBe(1);
    // Once the call is over, the same CallSid cannot start a new call either.
    await expect(sb.calls.startOrAttach(input)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  it("keeps the call's status moving forward when Twilio's callbacks arrive out of order or replayed", async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);
    const status = (value: TwilioCallStatus) => handle.signal(callStatusSignal, { status: value, at: new Date().toISOString() });

    await status('in-progress');
    await status('ringing'); // late
    expect((await handle.query(callStateQuery)).twilioStatus).toBe('in-progress');

    await status('completed');
    await status('in-progress'); // replayed
    await status('failed'); // a second final status: the first one stays
    await handle.result();
    expect(await sb.db.call.findUniqueOrThrow({ where: { callSid: input.callSid }, select: { status: true } })).toEqual({ status: 'completed' });
  });

  it('rejects unknown tools, tools the tenant lacks and bad arguments, telling the model why', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);

    const unknown = await sb.calls.runTool(input.callSid, 'call_unknown', 'launch_rocket', {});
    const notEnabled = await sb.calls.runTool(input.callSid, 'call_not_enabled', 'search_properties', { city: 'Denver' });
    const badArgs = await sb.calls.runTool(input.callSid, 'call_bad_args', 'check_availability', { date: 'next tuesday' });

    expect(unknown).toEqual({ ok: false, error: { code: 'rejected', message: 'Unknown tool "launch_rocket".' } });
    expect(notEnabled).toMatchObject({ ok: false, error: { message: 'Tool "search_properties" is not available for this business.' } });
    expect(badArgs).toMatchObject({ ok: false, error: { message: expect.stringContaining('date: expected a date as YYYY-MM-DD') } });

    // Rejected Updates leave nothing behind: no activity, no tool-call row.
    const history = await handle.fetchHistory();
    expect(fastToolAttempts(history)).toEqual([]);
    expect(await sb.db.toolCall.count({ where: { callSid: input.callSid } })).toBe(0);
    await hangUp(input.callSid);
    await handle.result();
  });

  it('runs a tool once when the same Update id is delivered again', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);
    const args = { start: workdayAhead(AUTO_SHOP.timeZone, 40, 10), service: 'Oil change', customer_name: maria.name };

    const [first, concurrentRetry] = await Promise.all([
      sb.calls.runTool(input.callSid, 'call_book_once', 'book_appointment', args),
      sb.calls.runTool(input.callSid, 'call_book_once', 'book_appointment', args),
    ]);
    const laterRetry = await sb.calls.runTool(input.callSid, 'call_book_once', 'book_appointment', args);

    expect(first.ok).toBe(true);
    expect(concurrentRetry).toEqual(first);
    expect(laterRetry).toEqual(first);
    expect(await sb.db.appointment.count({ where: { sourceKey: 'call_book_once' } })).toBe(1);
    expect(fastToolAttempts(await handle.fetchHistory())).toEqual([1]);
    expect((await handle.query(callStateQuery)).toolCalls).toEqual([{ toolCallId: 'call_book_once', name: 'book_appointment', ok: true }]);
    await hangUp(input.callSid);
    await handle.result();
  });

  it('returns business failures to the model without retrying them', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);
    const sunday = weekdayAhead(AUTO_SHOP.timeZone, 30, 7, 10);

    const result = await sb.calls.runTool(input.callSid, 'call_closed_day', 'book_appointment', {
      start: local(sunday),
      service: 'Oil change',
      customer_name: maria.name,
    });

    expect(result.ok).toBe(false);
    expect(fastToolAttempts(await handle.fetchHistory())).toEqual([1]);
    await hangUp(input.callSid);
    await handle.result();
  });

  it('keeps every turn, tool call and keypress across continueAsNew on a long call', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone, { historyLimit: 40 });
    const handle = await sb.calls.startOrAttach(input);
    for (let i = 0; i < 30; i++) {
      await handle.signal(transcriptTurnSignal, turn(i % 2 ? 'agent' : 'caller', `turn number ${i}`));
    }
    await handle.signal(dtmfSignal, { digit: '1', at: new Date().toISOString() });
    const lookup = await sb.calls.runTool(input.callSid, 'call_lookup_long', 'lookup_customer', {});
    for (let i = 30; i < 60; i++) {
      await handle.signal(transcriptTurnSignal, turn(i % 2 ? 'agent' : 'caller', `turn number ${i}`));
    }
    await handle.signal(dtmfSignal, { digit: '2', at: new Date().toISOString() });

    // The signals are in history; the run that continues as new may still be processing them.
    const state = await eventually('the call to continue as new with every signal', async () => {
      const latest = await handle.query(callStateQuery);
      return latest.runsSoFar > 1 && latest.dtmfDigits === '12' && latest;
    });
    expect(state.turnCount).toBe(60);
    expect(state.dtmfDigits).toBe('12');
    expect(state.toolCalls).toEqual([{ toolCallId: 'call_lookup_long', name: 'lookup_customer', ok: lookup.ok }]);

    await hangUp(input.callSid);
    const result = await sb.calls.handle(input.callSid).result();
    expect(result.turnCount).toBe(60);
    const stored = await sb.db.callTurn.findMany({ where: { callSid: input.callSid }, orderBy: { seq: 'asc' } });
    expect(stored.map((t) => t.text)).toEqual(Array.from({ length: 60 }, (_, i) => `turn number ${i}`));
  });

  it('ends with a stored structured summary, searchable outcome and lead score', async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Hi, I need an oil change for my Civic please.'));
    await sb.calls.runTool(input.callSid, 'call_summary_lookup', 'lookup_customer', {});
    const booked = await sb.calls.runTool(input.callSid, 'call_summary_book', 'book_appointment', {
      start: workdayAhead(AUTO_SHOP.timeZone, 41, 14),
      service: 'Oil change',
      customer_name: maria.name,
    });
    expect(booked.ok).toBe(true);
    await handle.signal(transcriptTurnSignal, turn('agent', 'You are booked. Anything else?'));
    await handle.signal(transcriptTurnSignal, turn('caller', 'No, that is perfect, thanks!'));
    await hangUp(input.callSid);

    const result = await handle.result();
    expect(CallSummarySchema.parse(result.summary)).toEqual(result.summary);
    expect(result.summary).toMatchObject({ intent: 'book_appointment', outcome: 'appointment_booked', sentiment: 'positive' });
    expect(result.summary.lead_score).toBeGreaterThanOrEqual(70);

    const call = await sb.db.call.findUniqueOrThrow({ where: { callSid: input.callSid }, include: { summary: true, turns: true } });
    expect(call.summary).toMatchObject({ outcome: 'appointment_booked', leadScore: result.summary.lead_score });
    expect(call.turns).toHaveLength(3);
    expect(call.endedAt).not.toBeNull();

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(OutcomeKey)).toBe('appointment_booked');
    expect(description.typedSearchAttributes.get(LeadScoreKey)).toBe(result.summary.lead_score);
  });

  it('fails a call for a tenant without an agent config at once, instead of retrying forever', async () => {
    const input = inboundCall('no-such-tenant', AUTO_SHOP, maria.phone);
    const handle = await sb.calls.startOrAttach(input);

    const failure = await handle.result().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activity = (failure as WorkflowFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity?.cause).toBeInstanceOf(ApplicationFailure);
    expect(activity?.cause).toMatchObject({ type: 'AgentConfigMissing', message: 'tenant no-such-tenant has no agent config' });
    expect(activityAttempts(await handle.fetchHistory(), 'recordCallStarted')).toEqual([1]);
  });

  it('summarizes a call where the caller hung up without a word', async () => {
    const realEstateId = await tenantIdOf(sb.db, REAL_ESTATE);
    const input = inboundCall(realEstateId, REAL_ESTATE, '+17205550999');
    const handle = await sb.calls.startOrAttach(input);
    await hangUp(input.callSid);
    const { summary } = await handle.result();
    expect(summary).toMatchObject({ intent: 'no_conversation', outcome: 'abandoned' });
    expect(summary.next_actions).toEqual(['Call +17205550999 back to find out what they needed']);
  });
});
