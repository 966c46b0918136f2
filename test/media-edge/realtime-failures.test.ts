import { FAILOVER_APOLOGY } from '../../apps/media-edge/src/agent-failover';
import { handOverId } from '../../libs/calls/src';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { TwilioRestSimulator } from '../../simulators/twilio/rest';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { acceptedUpdates, activityAttempts } from '../support/workflow-history';
import { eventually } from './support/eventually';
import { startEdgeHarness, type EdgeHarness } from './support/media-edge-harness';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { holdTenantBookingLock } from './support/slow-booking';
import { TwilioStreamClient } from './support/twilio-stream-client';

const GREETING = 'Thanks for calling Rivera Auto Repair, this is Ava. How can I help you today?';
const maria = KNOWN.autoShop.customer;
const TWILIO = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'media-edge-test-auth-token' };

type ClientEvent = Record<string, unknown> & { type: string };

describe('media-edge: when the Realtime API or the caller goes away', () => {
  let sb: TestSwitchboard;
  let harness: EdgeHarness | undefined;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  afterAll(() => sb.shutdown());

  const clientEvents = (session: number) => (harness!.sim.sessions[session]?.clientEvents ?? []) as ClientEvent[];
  const callState = (callSid: string) => sb.calls.handle(callSid).query(callStateQuery);
  const greetingPlayed = (phone: TwilioStreamClient) =>
    eventually(
      'the greeting to be played',
      () => phone.agentAudioBytes > 0 && harness!.sim.sessions[0].responses[0]?.status === 'completed' && phone.playbackIdle,
    );

  it('reconnects once after a drop and gives the new session the conversation so far', async () => {
    harness = await startEdgeHarness(sb, { turns: [{ caller: 'I need an oil change.', replies: [{ say: 'Sure, what day works for you?' }] }] });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);
    await phone.speak();
    await eventually('the first exchange', async () => (await callState(input.callSid)).turnCount === 3);

    harness.sim.dropConnection(0);

    const replayed = await eventually('the conversation replayed in a second session', () => {
      const items = clientEvents(1).filter((event) => event.type === 'conversation.item.create');
      return items.length === 3 && items.map((event) => event.item);
    });
    expect(replayed).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: GREETING }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'I need an oil change.' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sure, what day works for you?' }] },
    ]);
    const sessionUpdate = (session: number) => clientEvents(session).find((event) => event.type === 'session.update')?.session;
    expect(sessionUpdate(1)).toEqual(sessionUpdate(0));
    expect(await harness.metric('media_edge_realtime_reconnects_total')).toBe(1);

    // The call goes on in the new session, which does not greet again.
    await phone.speak();
    await eventually('a turn answered by the new session', async () => (await callState(input.callSid)).turnCount === 5);
    expect(harness.sim.sessions[1].responses.map((response) => response.trigger)).toEqual(['turn_detection']);
    expect(harness.sim.sessions).toHaveLength(2);
  });

  it('hands the caller to the primary number through the call workflow when the reconnect fails', async () => {
    const rest = await TwilioRestSimulator.start(TWILIO);
    // The worker dials, with the real Twilio adapter pointed at the REST simulator.
    const dialing = await startTestSwitchboard({ telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl })) });
    try {
      harness = await startEdgeHarness(dialing, { turns: [] });
      const call = await harness.newCall();
      const { callSid } = call.input;
      rest.registerInboundCall({ from: call.input.from, to: call.input.to, callSid }).answer();
      const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);
      await phone.start(callSid, call.token);
      await greetingPlayed(phone);

      await harness.stopRealtime();

      await rest.waitUntil(() => rest.updates.length === 1);
      const twiml = String(rest.updates[0].params.Twiml);
      expect(twiml).toContain(`<Say>${FAILOVER_APOLOGY}</Say><Dial`);
      expect(twiml).toContain(`callerId="${AUTO_SHOP.phoneNumber}"`);
      expect(twiml).toContain(`<Number>${AUTO_SHOP.transferNumbers.primary}</Number>`);
      expect(await harness.metric('media_edge_realtime_reconnects_total')).toBe(1);

      // Twilio ends the stream once the call has new TwiML; the workflow wraps up.
      await phone.stop();
      const result = await dialing.calls.handle(callSid).result();
      expect(result.summary).toBeDefined();

      // The hand-over is a business action like any other: in the call's history, and in CallTransfer.
      const history = await dialing.calls.handle(callSid).fetchHistory();
      expect(acceptedUpdates(history)).toEqual([{ name: 'handOverToPerson', updateId: handOverId(callSid) }]);
      expect(activityAttempts(history, 'redirectCallToPerson')).toEqual([1]);
      expect(await dialing.db.callTransfer.findUniqueOrThrow({ where: { id: handOverId(callSid) } })).toMatchObject({
        callSid,
        queue: 'primary',
        targetNumber: AUTO_SHOP.transferNumbers.primary,
        status: 'DIALING',
        reason: expect.stringContaining('Realtime reconnect failed'),
      });
      expect(rest.updates).toHaveLength(1);
    } finally {
      await harness?.close();
      harness = undefined;
      await dialing.shutdown();
      await rest.close();
    }
  });

  it('closes the stream when the Realtime session is lost twice and the worker has no telephony to dial with', async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);

    harness.sim.dropConnection(0);
    await eventually('the second session configured', () => harness!.sim.sessions[1]?.config.audio.input.format.type === 'audio/pcmu');
    harness.sim.dropConnection(1);

    expect(await phone.closed).toEqual({ code: 1011, reason: 'agent unavailable' });
    await sb.calls.handle(input.callSid).result();
    expect(harness.sim.sessions).toHaveLength(2);
    // The hand-over was asked for and recorded; nobody could be dialed.
    expect(await sb.db.callTransfer.findUniqueOrThrow({ where: { id: handOverId(input.callSid) } })).toMatchObject({ status: 'REQUESTED' });
  });

  it('lets a tool the caller hung up on finish once, and the workflow still summarizes the call', async () => {
    const start = workdayAhead(AUTO_SHOP.timeZone, 57, 14);
    harness = await startEdgeHarness(sb, {
      turns: [
        {
          caller: 'Book me an oil change.',
          replies: [
            { say: 'Booking it.', call: { name: 'book_appointment', arguments: { start, service: 'Oil change', customer_name: maria.name } } },
          ],
        },
      ],
    });
    const { phone, input, tenantId } = await harness.phoneCall();
    await greetingPlayed(phone);
    const lock = await holdTenantBookingLock(sb.db, tenantId);
    await phone.speak();

    await eventually('the booking Update in flight', async () => (await harness!.metric('media_edge_tool_calls_in_flight')) === 1);
    await phone.stop();
    await eventually('the bridge ended', async () => (await harness!.metric('media_edge_active_calls')) === 0);
    expect(await harness.metric('media_edge_tool_calls_in_flight')).toBe(1); // the caller is gone, the booking still waits
    await lock.release();

    const result = await sb.calls.handle(input.callSid).result();
    const callId = harness.sim.sessions[0].responses.find((response) => response.toolCall)!.toolCall!.callId;
    expect(result.toolCalls).toEqual([{ toolCallId: callId, name: 'book_appointment', ok: true }]);
    expect(await sb.db.appointment.count({ where: { sourceKey: callId } })).toBe(1);
    expect(await sb.db.callSummary.findUnique({ where: { callSid: input.callSid } })).not.toBeNull();
    expect(await phone.closed).toMatchObject({ code: 1000 });
    expect(harness.sim.sessions[0].closed).toBe(true);
  });
});
