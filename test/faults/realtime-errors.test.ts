import { handOverId } from '../../libs/calls/src';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { INSUFFICIENT_QUOTA, rateLimitExceeded, SERVER_ERROR, type ConversationScript } from '../../simulators/realtime';
import { TwilioRestSimulator } from '../../simulators/twilio/rest';
import { eventually } from '../media-edge/support/eventually';
import { startEdgeHarness, type EdgeHarness } from '../media-edge/support/media-edge-harness';
import { TwilioStreamClient } from '../media-edge/support/twilio-stream-client';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

const TWILIO = { accountSid: `AC${'4'.repeat(32)}`, authToken: 'realtime-errors-test-auth-token' };
const ANSWER = 'Sure, what day works for you?';
const SCRIPT: ConversationScript = { turns: [{ caller: 'I need an oil change.', replies: [{ say: ANSWER }] }] };
/** Short, so the retries take a moment; the wait a real rate limit names is seconds. */
const RATE_LIMIT = rateLimitExceeded(0.3);

type ClientEvent = Record<string, unknown> & { type: string };

describe('media-edge: the Realtime API fails mid-call with server errors, rate limits and a spent quota (the errors as OpenAI sends them)', () => {
  let rest: TwilioRestSimulator;
  let sb: TestSwitchboard;
  let harness: EdgeHarness | undefined;
  const phones: TwilioStreamClient[] = [];

  beforeAll(async () => {
    rest = await TwilioRestSimulator.start(TWILIO);
    // The worker hands callers over through the real Twilio adapter, pointed at the REST simulator.
    sb = await startTestSwitchboard({ telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl })) });
  });
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.close();
    await harness?.close();
    harness = undefined;
  });
  afterAll(async () => {
    await sb.shutdown();
    await rest.close();
  });

  /** A call Twilio (the REST simulator) knows, so a hand-over can redirect it, with its stream started and the greeting heard. */
  async function phoneCall() {
    harness = await startEdgeHarness(sb, SCRIPT);
    const call = await harness.newCall();
    rest.registerInboundCall({ from: call.input.from, to: call.input.to, callSid: call.input.callSid }).answer();
    const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);
    phones.push(phone);
    await phone.start(call.input.callSid, call.token);
    const sim = harness.sim;
    await eventually('the greeting to be played', () => phone.agentAudioBytes > 0 && sim.sessions[0].responses[0]?.status === 'completed' && phone.playbackIdle);
    return { callSid: call.input.callSid, phone, sim };
  }
  const turnCount = async (callSid: string) => (await sb.calls.handle(callSid).query(callStateQuery)).turnCount;
  const answered = (responses: ReadonlyArray<{ speechText?: string; status: string }>) => responses.some((response) => response.speechText === ANSWER && response.status === 'completed');
  const updatesOf = (callSid: string) => rest.updates.filter((update) => update.callSid === callSid);

  /** The hand-over is recorded and Twilio redirected the call to the primary number once; then the caller's stream ends. */
  async function expectHandedOver(callSid: string, phone: TwilioStreamClient, reason: RegExp): Promise<void> {
    await rest.waitUntil(() => updatesOf(callSid).length === 1);
    expect(String(updatesOf(callSid)[0].params.Twiml)).toContain(`<Number>${AUTO_SHOP.transferNumbers.primary}</Number>`);
    // Its outcome is recorded right after the redirect, in an activity of its own.
    const transfer = await eventually('the hand-over recorded as dialing', async () => {
      const row = await sb.db.callTransfer.findUnique({ where: { id: handOverId(callSid) } });
      return row?.status === 'DIALING' && row;
    });
    expect(transfer.reason).toMatch(reason);
    await phone.stop();
    expect((await sb.calls.handle(callSid).result()).summary).toBeDefined();
    expect(updatesOf(callSid)).toHaveLength(1);
  }

  it('reconnects with the conversation so far after a server_error, and hands the caller to a person when the new connection fails too', async () => {
    const { callSid, phone, sim } = await phoneCall();
    await phone.speak();
    await eventually('the first exchange', async () => (await turnCount(callSid)) === 3);

    sim.raiseError(0, SERVER_ERROR);

    const items = await eventually('the conversation replayed to a second connection', () => {
      const created = ((sim.sessions[1]?.clientEvents ?? []) as ClientEvent[]).filter((event) => event.type === 'conversation.item.create');
      return created.length === 3 && created.map((event) => event.item);
    });
    expect(items).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: expect.stringContaining(AUTO_SHOP.name) }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: SCRIPT.turns[0].caller }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: ANSWER }] },
    ]);
    expect(await harness!.metric('media_edge_realtime_reconnects_total')).toBe(1);
    // The call goes on on the new connection.
    await phone.speak();
    await eventually('a turn answered by the new connection', async () => (await turnCount(callSid)) === 5);
    expect(updatesOf(callSid)).toEqual([]);

    sim.raiseError(1, SERVER_ERROR);

    await expectHandedOver(callSid, phone, /^Realtime lost again: server_error: The server had an error/);
    expect(sim.sessions).toHaveLength(2);
  });

  it('asks a new connection for the answer a response failed to give with server_error', async () => {
    const { callSid, phone, sim } = await phoneCall();
    sim.failResponses(1, SERVER_ERROR);

    await phone.speak();

    // The new connection has the conversation as text; the simulated model answers it with its fallback line.
    await eventually('an answer from a second connection', () => sim.sessions[1]?.responses[0]?.status === 'completed');
    expect(sim.sessions[0].responses.at(-1)).toMatchObject({ status: 'failed', failure: SERVER_ERROR });
    expect(sim.sessions[1].responses.map((response) => response.trigger)).toEqual(['response.create']);
    await eventually('the answer in the transcript', async () => (await turnCount(callSid)) === 3);
    expect(await harness!.metric('media_edge_realtime_reconnects_total')).toBe(1);
  });

  it('asks again on the same connection after the wait a rate limit names, and the caller gets the answer', async () => {
    const { callSid, phone, sim } = await phoneCall();
    sim.failResponses(2, RATE_LIMIT);

    await phone.speak();

    await eventually('the answer after two rate-limited tries', () => answered(sim.sessions[0].responses));
    expect(sim.sessions[0].responses.slice(1).map((response) => [response.trigger, response.status])).toEqual([
      ['turn_detection', 'failed'],
      ['response.create', 'failed'],
      ['response.create', 'completed'],
    ]);
    expect(await harness!.metric('media_edge_realtime_errors_total', { code: 'rate_limit_exceeded' })).toBe(2);
    expect(await harness!.metric('media_edge_realtime_reconnects_total')).toBe(0);
    await eventually('the answer in the transcript', async () => (await turnCount(callSid)) === 3);
    expect(updatesOf(callSid)).toEqual([]);
  });

  it('hands the caller to a person when the rate limit outlasts the retries', async () => {
    const { callSid, phone, sim } = await phoneCall();
    sim.failResponses(3, RATE_LIMIT);

    await phone.speak();

    await expectHandedOver(callSid, phone, /^rate limited: Rate limit reached for gpt-realtime/);
    expect(sim.sessions[0].responses.slice(1).map((response) => response.status)).toEqual(['failed', 'failed', 'failed']);
    expect(sim.sessions).toHaveLength(1);
  });

  it('hands the caller to a person at once when a response fails for a spent quota: no retry, no new connection', async () => {
    const { callSid, phone, sim } = await phoneCall();
    sim.failResponses(1, INSUFFICIENT_QUOTA);

    await phone.speak();

    await expectHandedOver(callSid, phone, /^response failed with insufficient_quota: You exceeded your current quota/);
    expect(sim.sessions[0].responses.slice(1).map((response) => response.status)).toEqual(['failed']);
    expect(sim.sessions).toHaveLength(1);
  });

  it('hands the caller to a person when the server reports a spent quota on its own', async () => {
    const { callSid, phone, sim } = await phoneCall();

    sim.raiseError(0, INSUFFICIENT_QUOTA);

    await expectHandedOver(callSid, phone, /^insufficient_quota: You exceeded your current quota/);
    expect(sim.sessions).toHaveLength(1);
  });
});
