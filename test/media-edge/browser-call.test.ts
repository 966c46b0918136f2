import { callStateQuery } from '../../libs/calls/src/call-messages';
import { DECLINED_RESULT } from '../../libs/tools/src/declined-result';
import { ROOFING } from '../../prisma/seed/demo-data';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { BrowserCallClient, pcm24kUtterance, type BrowserEvent } from './support/browser-call-client';
import { eventually } from './support/eventually';
import { startEdgeHarness, type EdgeHarness } from './support/media-edge-harness';

const GREETING = 'Thanks for calling Rivera Auto Repair, this is Ava. How can I help you today?';
const MS_PER_WORD = 60;

describe('media-edge: browser calls', () => {
  let sb: TestSwitchboard;
  let harness: EdgeHarness | undefined;
  let browser: BrowserCallClient | undefined;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
  });
  afterEach(async () => {
    browser?.close();
    await harness?.close();
    harness = browser = undefined;
  });
  afterAll(() => sb.shutdown());

  it('transcodes PCM16 24 kHz to μ-law 8 kHz and back, with marks and transcripts as JSON', async () => {
    harness = await startEdgeHarness(sb, { turns: [{ caller: 'Hi, calling from the website.', replies: [{ say: 'Hello, web caller.' }] }] });
    const call = await harness.newCall();
    browser = await BrowserCallClient.connect(`${harness.edge.url}/browser`);
    await browser.start(call.input.callSid, call.token);

    // The greeting: μ-law from Realtime comes back as three times as many PCM16 samples at 24 kHz.
    const greetingMulawBytes = GREETING.split(/\s+/).length * MS_PER_WORD * 8;
    await eventually('the greeting transcript', () => browser!.transcripts().length === 1);
    expect(browser.transcripts()).toEqual([{ role: 'agent', text: GREETING }]);
    expect(browser.agentSamples).toBe(3 * greetingMulawBytes);
    expect(browser.events.filter((event) => event.event === 'mark')).toHaveLength(browser.agentFrames);

    const utterance = pcm24kUtterance(400, 800);
    await browser.sendPcm(utterance);

    await eventually('the reply transcript', () => browser!.transcripts().length === 3);
    expect(browser.transcripts()).toEqual([
      { role: 'agent', text: GREETING },
      { role: 'caller', text: 'Hi, calling from the website.' },
      { role: 'agent', text: 'Hello, web caller.' },
    ]);
    const appended = harness.sim.sessions[0].clientEvents.filter((event) => event.type === 'input_audio_buffer.append');
    const appendedBytes = appended.reduce((sum, event) => sum + Buffer.from(event.audio as string, 'base64').length, 0);
    expect(appendedBytes).toBe(utterance.length / 3);
    expect(await harness.metric('media_edge_frames_in_total', { transport: 'browser' })).toBe(utterance.length / 480);

    await browser.stop();
    expect(await browser.closed).toMatchObject({ code: 1000 });
    const result = await sb.calls.handle(call.input.callSid).result();
    expect(result.turnCount).toBe(3);
    expect((await sb.calls.handle(call.input.callSid).query(callStateQuery)).mediaConnected).toBe(false);
  });

  it('asks the page before a write the tenant wants confirmed (seed 000), and runs nothing the user declines', async () => {
    const args = { reason: 'Wants a callback about the Carter roof', phone: '+14045550142' };
    harness = await startEdgeHarness(sb, {
      turns: [
        {
          caller: 'Have someone call me back.',
          replies: [
            { call: { name: 'request_callback', arguments: args } },
            ({ toolOutputs }) => ({ say: JSON.parse(toolOutputs.at(-1)!.output).ok ? 'Noted.' : 'All right, I have not noted anything.' }),
          ],
        },
      ],
    });
    const call = await harness.newCall(ROOFING);
    browser = await BrowserCallClient.connect(`${harness.edge.url}/browser`, { approveTools: false });
    await browser.start(call.input.callSid, call.token);
    await eventually('the greeting transcript', () => browser!.transcripts().length === 1);

    await browser.sendPcm(pcm24kUtterance(400, 800));

    await eventually('the answer to the refusal', () => browser!.transcripts().some((turn) => turn.text === 'All right, I have not noted anything.'));
    const asked = browser.events.filter((event): event is Extract<BrowserEvent, { event: 'confirm' }> => event.event === 'confirm');
    expect(asked).toEqual([{ event: 'confirm', callId: expect.any(String), name: 'request_callback', args }]);
    expect(browser.events.filter((event) => event.event === 'tool')).toEqual([
      { event: 'tool', callId: asked[0].callId, name: 'request_callback', args, state: 'declined', result: DECLINED_RESULT },
    ]);
    expect(harness.sim.sessions[0].functionCallOutputs.map((output) => JSON.parse(output.output))).toEqual([DECLINED_RESULT]);
    expect((await sb.calls.handle(call.input.callSid).query(callStateQuery)).toolCalls).toEqual([]);
    await browser.stop();
    expect((await sb.calls.handle(call.input.callSid).result()).toolCalls).toEqual([]);
  });

  it('refuses a browser whose token is for another call', async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const [call, other] = [await harness.newCall(), await harness.newCall()];
    browser = await BrowserCallClient.connect(`${harness.edge.url}/browser`);

    await browser.start(call.input.callSid, other.token);

    expect(await browser.closed).toEqual({ code: 1008, reason: 'invalid stream token: wrong_call' });
    expect(await harness.metric('media_edge_rejected_streams_total', { reason: 'wrong_call' })).toBe(1);
  });
});
