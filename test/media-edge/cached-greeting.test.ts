import OpenAI from 'openai';
import { greetingText, greetingTextHash } from '../../libs/greetings/src/greeting-text';
import { requestGreetingRender } from '../../libs/greetings/src/greeting-renders';
import { renderGreetingWorkflowId, type RenderGreetingWorkflow } from '../../libs/greetings/src/render-greeting-messages';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { OpenAISpeechSynthesis } from '../../libs/speech/src/openai-speech-synthesis';
import { AUTO_SHOP, ROOFING } from '../../prisma/seed/demo-data';
import { createTestTenant } from '../../simulators/fixtures/fixture-tenant';
import { SpeechSimulator } from '../../simulators/openai-rest/speech-simulator';
import { tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { eventually } from './support/eventually';
import { startEdgeHarness, type EdgeHarness } from './support/media-edge-harness';

const GREETING = 'Thanks for calling Rivera Auto Repair, this is Ava. How can I help you today?';
/** The speech simulator speaks slowly enough for a caller to cut in. */
const MS_PER_WORD = 200;
/** Not the default voice, so the render is seen to use the tenant's. */
const HOTEL_VOICE = 'sage';
const greetingBytes = (text: string) => text.split(/\s+/).length * MS_PER_WORD * 8;

type ClientEvent = Record<string, unknown> & { type: string };
type CreatedItem = { type: string; role?: string; content?: Array<{ type: string; text?: string }> };

describe('media-edge: the cached greeting', () => {
  let speechSim: SpeechSimulator;
  let sb: TestSwitchboard;
  let harness: EdgeHarness | undefined;

  beforeAll(async () => {
    speechSim = await SpeechSimulator.start({ msPerWord: MS_PER_WORD });
    const speech = new OpenAISpeechSynthesis(new OpenAI({ apiKey: speechSim.apiKey, baseURL: speechSim.baseUrl }), 'gpt-4o-mini-tts');
    sb = await startTestSwitchboard({ speech });
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  afterAll(async () => {
    await sb.shutdown();
    await speechSim.close();
  });

  const render = async (tenantId: string) => {
    const workflowId = await requestGreetingRender(sb.client, tenantId, sb.taskQueue);
    return sb.client.workflow.getHandle<RenderGreetingWorkflow>(workflowId).result();
  };
  const clientEvents = () => (harness!.sim.sessions[0]?.clientEvents ?? []) as ClientEvent[];
  const assistantItems = () =>
    clientEvents()
      .filter((event) => event.type === 'conversation.item.create' && (event.item as CreatedItem).role === 'assistant')
      .map((event) => (event.item as CreatedItem).content?.[0]?.text);
  const callState = (callSid: string) => sb.calls.handle(callSid).query(callStateQuery);

  it("renders the greeting in the tenant's voice as μ-law 8 kHz, and again when the agent config changes", async () => {
    // A tenant of the file's own: render workflows are named by tenant id, which every file's seeded copy shares.
    const { id: tenantId } = await createTestTenant(sb.db);
    const config = await sb.db.agentConfig.update({ where: { tenantId }, data: { voice: HOTEL_VOICE } });

    expect(await render(tenantId)).toMatchObject({ outcome: 'rendered', voice: HOTEL_VOICE, textHash: greetingTextHash(greetingText(config)) });
    // The start's own signal asks for no second pass.
    const history = await sb.client.workflow.getHandle(renderGreetingWorkflowId(tenantId)).fetchHistory();
    expect(history.events?.filter((event) => event.activityTaskScheduledEventAttributes)).toHaveLength(1);
    const first = await sb.db.greetingAudio.findFirstOrThrow({ where: { tenantId } });
    expect(first).toMatchObject({ voice: HOTEL_VOICE, text: greetingText(config), model: 'gpt-4o-mini-tts' });
    expect(first.audio.length).toBe(greetingBytes(first.text));
    expect(first.durationMs).toBe(first.audio.length / 8);
    expect(speechSim.requests.at(-1)).toMatchObject({ voice: HOTEL_VOICE, input: first.text, response_format: 'pcm' });
    // The tone of the simulated voice, not silence: μ-law silence is 0xff.
    expect(new Set(first.audio).size).toBeGreaterThan(16);

    const requestsBefore = speechSim.requests.length;
    expect(await render(tenantId)).toMatchObject({ outcome: 'already_rendered' });
    expect(speechSim.requests).toHaveLength(requestsBefore);

    await sb.db.agentConfig.update({ where: { tenantId }, data: { greetingTemplate: 'Good evening, {brand} front desk.', voice: 'verse' } });
    expect(await render(tenantId)).toMatchObject({ outcome: 'rendered', voice: 'verse' });
    const recordings = await sb.db.greetingAudio.findMany({ where: { tenantId }, select: { voice: true, text: true } });
    expect(recordings).toEqual([{ voice: 'verse', text: `Good evening, ${config.brand} front desk.` }]);
  });

  it('plays the cached greeting before the Realtime session answers, then tells the model it was said', async () => {
    const tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    await render(tenantId);
    harness = await startEdgeHarness(
      sb,
      { turns: [{ caller: 'Are you open today?', replies: [{ say: 'Yes, until five.' }] }] },
      { latency: { connectMs: 3_000, sessionUpdatedMs: 50 } },
    );
    const { phone, input } = await harness.phoneCall();

    await eventually('the whole greeting sent to the caller', () => phone.agentAudioBytes === greetingBytes(GREETING));
    expect(harness.sim.sessions).toHaveLength(0);
    expect(await harness.metric('media_edge_greetings_total', { source: 'cache' })).toBe(1);

    await eventually('the greeting heard and given to the model', () => assistantItems().length === 1);
    expect(assistantItems()).toEqual([GREETING]);
    expect(clientEvents().filter((event) => event.type === 'response.create')).toEqual([]);
    const state = await eventually('the greeting turn', async () => {
      const current = await callState(input.callSid);
      return current.recentTurns.length > 0 && current;
    });
    expect(state).toMatchObject({ mediaConnected: true, recentTurns: [{ role: 'agent', text: GREETING }] });

    await phone.speak();
    await eventually('the answer', async () => (await callState(input.callSid)).recentTurns.at(-1)?.text === 'Yes, until five.');
    expect(harness.sim.sessions[0].responses.map((response) => response.speechText)).toEqual(['Yes, until five.']);
    expect(harness.sim.sessions[0].errors).toEqual([]);
  });

  it('lets the caller talk over the cached greeting: the caller hears no more of it, the model only the words heard', async () => {
    const tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    await render(tenantId);
    harness = await startEdgeHarness(sb, { turns: [{ caller: 'Sorry, quick question.', replies: [{ say: 'Sure, go ahead.' }] }] });
    const { phone, input } = await harness.phoneCall();
    await eventually('part of the greeting played', () => phone.bytesBeforeLastPlayedMark >= 1_000 * 8);
    phone.pausePlayback();
    const heardMs = phone.bytesBeforeLastPlayedMark / 8;

    await phone.speak();

    await eventually('the clear', () => phone.ofEvent('clear').length === 1);
    const words = GREETING.split(' ');
    const heard = words.slice(0, Math.floor((words.length * heardMs) / (words.length * MS_PER_WORD))).join(' ');
    await eventually('what was heard given to the model', () => assistantItems().length === 1);
    expect(assistantItems()).toEqual([heard]);
    expect(heard.length).toBeLessThan(GREETING.length);
    // The greeting was no Realtime response: nothing to cancel or truncate.
    expect(clientEvents().filter((event) => event.type === 'response.cancel' || event.type === 'conversation.item.truncate')).toEqual([]);
    await eventually('the answer', async () => (await callState(input.callSid)).recentTurns.at(-1)?.text === 'Sure, go ahead.');
    expect((await callState(input.callSid)).recentTurns.slice(0, 2)).toMatchObject([
      { role: 'agent', text: heard },
      { role: 'caller', text: 'Sorry, quick question.' },
    ]);
    expect(await harness.metric('media_edge_barge_in_seconds_count')).toBe(1);
  });

  it('lets the model speak the greeting when none is cached, asked for right behind the session config', async () => {
    harness = await startEdgeHarness(sb, { turns: [] }, { latency: { sessionUpdatedMs: 200 } });
    const tenantId = await tenantIdOf(sb.db, ROOFING);
    expect(await sb.db.greetingAudio.count({ where: { tenantId } })).toBe(0);
    const config = await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId } });
    const { phone } = await harness.phoneCall(ROOFING);

    await eventually('the spoken greeting', () => harness!.sim.sessions[0]?.responses[0]?.status === 'completed');
    expect(harness.sim.sessions[0].responses[0]).toMatchObject({ trigger: 'response.create', speechText: greetingText(config) });
    expect(clientEvents().map((event) => event.type).slice(0, 2)).toEqual(['session.update', 'response.create']);
    expect(await harness.metric('media_edge_greetings_total', { source: 'model' })).toBe(1);
    expect(phone.agentAudioBytes).toBeGreaterThan(0);
  });
});
