import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseWavHeader } from '../../libs/audio/src/wav';
import { openEncryptedRecording } from '../../libs/recordings/src/encrypted-recording';
import { recordingFiles } from '../../libs/recordings/src/recording-files';
import { recordingKeyRingFrom } from '../../libs/recordings/src/recording-keys';
import type { Prisma } from '../../libs/db/src/prisma';
import { signStreamToken, type StreamClaims } from '../../libs/stream-token/src/stream-token';
import { realtimeToolDefinitions } from '../../libs/tools/src';
import { AUTO_SHOP, KNOWN, type DemoTenant } from '../../prisma/seed/demo-data';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { eventually } from './support/eventually';
import { startEdgeHarness, STREAM_TOKEN_SECRET, type EdgeHarness } from './support/media-edge-harness';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { holdTenantBookingLock } from './support/slow-booking';
import { TwilioStreamClient } from './support/twilio-stream-client';

const GREETING = 'Thanks for calling Rivera Auto Repair, this is Ava. How can I help you today?';
const MS_PER_WORD = 60;
/** μ-law bytes the simulator speaks for a text at MS_PER_WORD. */
const spokenBytes = (text: string, msPerWord = MS_PER_WORD) => text.split(/\s+/).length * msPerWord * 8;

type ClientEvent = Record<string, unknown> & { type: string };

describe('media-edge: Twilio media streams', () => {
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

  const clientEvents = (session = 0) => (harness!.sim.sessions[session]?.clientEvents ?? []) as ClientEvent[];
  const callState = (callSid: string) => sb.calls.handle(callSid).query(callStateQuery);
  const greetingPlayed = async (phone: TwilioStreamClient, msPerWord = MS_PER_WORD) =>
    eventually('the greeting to be played', () => phone.agentAudioBytes === spokenBytes(GREETING, msPerWord) && phone.playbackIdle);

  it("greets in the tenant's words and voice, μ-law both ways, with the tenant's tools", async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const { phone, input } = await harness.phoneCall();

    await greetingPlayed(phone);
    const session = harness.sim.sessions[0];
    const update = clientEvents().find((event) => event.type === 'session.update') as unknown as { session: Record<string, unknown> };
    expect(update.session).toMatchObject({
      type: 'realtime',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true },
        },
        output: { format: { type: 'audio/pcmu' }, voice: AUTO_SHOP.voice },
      },
      tool_choice: 'auto',
    });
    expect((update.session.tools as Array<{ name: string }>).map((tool) => tool.name)).toEqual(
      realtimeToolDefinitions(AUTO_SHOP.toolPacks).map((tool) => tool.name),
    );
    expect(update.session.instructions).toContain(AUTO_SHOP.instructions);
    expect(update.session.instructions).toContain(KNOWN.autoShop.customer.phone);
    expect(session.responses[0]).toMatchObject({ trigger: 'response.create', speechText: GREETING, status: 'completed' });
    // Every chunk of audio is followed by a mark that tells how far playback got.
    expect(phone.ofEvent('mark')).toHaveLength(phone.ofEvent('media').length);
    expect(phone.ofEvent('media').every((message) => message.streamSid === phone.streamSid)).toBe(true);

    const state = await eventually('the greeting turn', async () => {
      const current = await callState(input.callSid);
      return current.turnCount === 1 && current;
    });
    expect(state.mediaConnected).toBe(true);
    expect(state.recentTurns[0]).toMatchObject({ role: 'agent', text: GREETING });
  });

  it('reports caller and agent turns and token usage to the workflow', async () => {
    harness = await startEdgeHarness(sb, {
      turns: [{ caller: 'My brakes are squeaking.', replies: [{ say: 'Sorry to hear that. When could you bring the car in?' }] }],
    });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);

    await phone.speak();

    const state = await eventually('three turns in the workflow', async () => {
      const current = await callState(input.callSid);
      return current.turnCount === 3 && current;
    });
    expect(state.recentTurns.map(({ role, text }) => ({ role, text }))).toEqual([
      { role: 'agent', text: GREETING },
      { role: 'caller', text: 'My brakes are squeaking.' },
      { role: 'agent', text: 'Sorry to hear that. When could you bring the car in?' },
    ]);
    const responses = harness.sim.sessions[0].responses;
    await eventually('both responses done', () => responses.length === 2 && responses.every((response) => response.usage));
    const sum = (pick: (usage: NonNullable<(typeof responses)[number]['usage']>) => number | undefined) =>
      responses.reduce((total, response) => total + (pick(response.usage!) ?? 0), 0);
    const usage = await eventually('the usage of both responses in the workflow', async () => {
      const current = (await callState(input.callSid)).usage;
      return current.outputAudioTokens === sum((u) => u.output_token_details?.audio_tokens) && current;
    });
    expect(usage).toEqual({
      inputTextTokens: sum((u) => u.input_token_details?.text_tokens),
      inputAudioTokens: sum((u) => u.input_token_details?.audio_tokens),
      cachedTextTokens: sum((u) => u.input_token_details?.cached_tokens_details?.text_tokens),
      cachedAudioTokens: sum((u) => u.input_token_details?.cached_tokens_details?.audio_tokens),
      outputTextTokens: sum((u) => u.output_token_details?.text_tokens),
      outputAudioTokens: sum((u) => u.output_token_details?.audio_tokens),
    });
    expect(usage.outputAudioTokens).toBeGreaterThan(0);
  });

  it("runs the model's function call as one runTool Update and gives the model its result", async () => {
    harness = await startEdgeHarness(sb, {
      turns: [
        {
          caller: 'Do you have me on file?',
          replies: [
            { say: 'Let me look.', call: { name: 'lookup_customer', arguments: {} } },
            ({ toolOutputs }) => ({ say: `Yes, ${(JSON.parse(toolOutputs.at(-1)!.output) as { data: { name: string } }).data.name}.` }),
          ],
        },
      ],
    });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);

    await phone.speak();

    const state = await eventually('the answer after the tool', async () => {
      const current = await callState(input.callSid);
      return current.recentTurns.some((turn) => turn.text === `Yes, ${KNOWN.autoShop.customer.name}.`) && current;
    });
    const session = harness.sim.sessions[0];
    const callId = session.responses.find((response) => response.toolCall)!.toolCall!.callId;
    expect(state.toolCalls).toEqual([{ toolCallId: callId, name: 'lookup_customer', ok: true }]);
    expect(await sb.db.toolCall.findMany({ where: { callSid: input.callSid }, select: { id: true, name: true, ok: true } })).toEqual([
      { id: callId, name: 'lookup_customer', ok: true },
    ]);
    expect(session.functionCallOutputs).toHaveLength(1);
    expect(JSON.parse(session.functionCallOutputs[0].output)).toMatchObject({ ok: true, data: { name: KNOWN.autoShop.customer.name } });
    // The output is followed by a response.create, and nothing ran twice.
    const isToolOutput = (event: ClientEvent) =>
      event.type === 'conversation.item.create' && (event.item as { type: string }).type === 'function_call_output';
    const outputIndex = clientEvents().findIndex(isToolOutput);
    expect(clientEvents().slice(outputIndex).some((event) => event.type === 'response.create')).toBe(true);
    expect(session.errors.filter((error) => error.code === 'conversation_already_has_active_response')).toEqual([]);
  });

  it('barges in: clears Twilio, cancels the response and truncates at the audio the caller heard', async () => {
    const msPerWord = 200;
    harness = await startEdgeHarness(
      sb,
      { turns: [{ caller: 'Sorry, quick question.', replies: [{ say: 'Sure, go ahead.' }] }] },
      { timing: { msPerWord, chunkIntervalMs: 50 } },
    );
    const { phone } = await harness.phoneCall();
    await eventually('a few marks echoed from playback', () => phone.bytesBeforeLastPlayedMark >= 200 * 8);
    phone.pausePlayback();
    const heardMs = phone.bytesBeforeLastPlayedMark / 8;

    await phone.speak();

    await eventually('the clear', () => phone.ofEvent('clear').length === 1);
    const session = harness.sim.sessions[0];
    const greeting = session.responses[0];
    const truncate = await eventually('the truncate', () =>
      clientEvents().find((event): event is ClientEvent & { item_id: string; audio_end_ms: number } => event.type === 'conversation.item.truncate'),
    );
    expect(clientEvents()).toContainEqual(expect.objectContaining({ type: 'response.cancel', response_id: greeting.id }));
    expect(truncate).toMatchObject({ content_index: 0 });
    expect(Math.abs(truncate.audio_end_ms - heardMs)).toBeLessThanOrEqual(20);
    expect(greeting.status).toBe('cancelled');
    await eventually('the truncation applied', () => session.truncations.length === 1);
    expect(session.truncations[0]).toMatchObject({ itemId: truncate.item_id, audioEndMs: truncate.audio_end_ms });
    expect(session.truncations[0].generatedMs).toBeGreaterThan(truncate.audio_end_ms);
    expect(await harness.metric('media_edge_barge_in_seconds_count')).toBe(1);
  });

  it('says one filler line while a slow tool runs, then the answer', async () => {
    const start = workdayAhead(AUTO_SHOP.timeZone, 58, 15);
    harness = await startEdgeHarness(sb, {
      turns: [
        {
          caller: 'Can you book me an oil change?',
          replies: [
            { say: 'Let me book that.', call: { name: 'book_appointment', arguments: { start, service: 'Oil change', customer_name: 'Filler Test' } } },
            { say: 'You are booked.' },
          ],
        },
      ],
    });
    const { phone, input, tenantId } = await harness.phoneCall();
    await greetingPlayed(phone);
    const lock = await holdTenantBookingLock(sb.db, tenantId);
    await phone.speak();

    const responses = harness.sim.sessions[0].responses;
    const isFiller = (response: (typeof responses)[number]) => response.speechText === 'One moment while I check that.';
    await eventually('the filler said', () => responses.some((response) => isFiller(response) && response.status === 'completed'));
    await lock.release();

    await eventually('the answer after the tool', async () => (await callState(input.callSid)).recentTurns.at(-1)?.text === 'You are booked.');
    expect(responses.map((response) => response.speechText)).toEqual([
      GREETING,
      'Let me book that.',
      'One moment while I check that.',
      'You are booked.',
    ]);
    expect(harness.sim.sessions[0].errors).toEqual([]);
  });

  const badTokens: Array<[reason: string, token: (claims: Omit<StreamClaims, 'exp'>) => string | undefined]> = [
    ['missing', () => undefined],
    ['bad_signature', (claims) => signStreamToken(claims, 'another-secret-of-enough-length')],
    ['expired', (claims) => signStreamToken(claims, STREAM_TOKEN_SECRET, Date.now() - 10 * 60_000)],
    ['wrong_call', (claims) => signStreamToken({ ...claims, callSid: 'CAsomeothercall' }, STREAM_TOKEN_SECRET)],
  ];

  it.each(badTokens)('closes a stream whose token is %s with 1008 and counts it', async (reason, token) => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const call = await harness.newCall();
    const callSid = call.input.callSid;
    const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);

    await phone.start(callSid, token({ callSid, tenantId: call.tenantId, callerNumber: call.input.from }));

    expect(await phone.closed).toEqual({ code: 1008, reason: `invalid stream token: ${reason}` });
    expect(await harness.metric('media_edge_rejected_streams_total', { reason })).toBe(1);
    expect(harness.sim.sessions).toHaveLength(0);
    expect((await callState(callSid)).mediaConnected).toBe(false);
  });

  it('drops frames before start and malformed frames, counting them, and the call goes on', async () => {
    harness = await startEdgeHarness(sb, { turns: [{ caller: 'Are you open today?', replies: [{ say: 'Yes, until five.' }] }] });
    const call = await harness.newCall();
    const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);
    await phone.sendAudio(Buffer.alloc(160, 0xff)); // before start: no bridge yet
    await phone.start(call.input.callSid, call.token);
    await greetingPlayed(phone);

    await phone.sendRaw('this is not JSON');
    await phone.sendRaw('[1, 2, 3]');
    await phone.sendRaw(JSON.stringify({ event: 'bogus', streamSid: phone.streamSid }));
    await phone.sendRaw(JSON.stringify({ event: 'media', streamSid: phone.streamSid, media: { payload: '***not base64***' } }));
    await phone.sendRaw(JSON.stringify({ event: 'dtmf', streamSid: phone.streamSid, dtmf: { digit: 'pizza' } }));
    await phone.speak();

    await eventually('the answer after the malformed frames', async () => (await callState(call.input.callSid)).turnCount === 3);
    expect(await harness.metric('media_edge_malformed_frames_total', { transport: 'twilio' })).toBe(5);
    const appended = clientEvents().filter((event) => event.type === 'input_audio_buffer.append');
    const appendedBytes = appended.reduce((sum, event) => sum + Buffer.from(event.audio as string, 'base64').length, 0);
    expect(appendedBytes).toBe((400 + 800) * 8); // only the utterance after start
    expect(clientEvents()[0].type).toBe('session.update');
  });

  it('sends keypresses to the workflow and, as text, to the model', async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);

    await phone.dtmf('1');
    await phone.dtmf('#');

    await eventually('both digits in the workflow', async () => (await callState(input.callSid)).dtmfDigits === '1#');
    const notes = clientEvents().filter((event) => event.type === 'conversation.item.create');
    expect(notes.map((event) => event.item)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'The caller pressed 1 on the keypad.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'The caller pressed # on the keypad.' }] },
    ]);
    // The model answers the keypress: a response.create after the note, never while another response runs.
    await eventually('a response to the keypress', () => harness!.sim.sessions[0].responses.length >= 2);
    expect(harness.sim.sessions[0].errors).toEqual([]);
  });

  it('records caller and agent, encrypted, to <recordingsDir>/<callSid>.enc when the tenant records calls', async () => {
    const keys = recordingKeyRingFrom({ RECORDING_ENCRYPTION_KEY: randomBytes(32).toString('base64') })!;
    harness = await startEdgeHarness(sb, { turns: [{ caller: 'Hello?', replies: [{ say: 'Hi there.' }] }] }, { recordingKey: keys.current });
    const recordingTenant = await createRecordingTenant();
    const call = await harness.newCall(recordingTenant);
    const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);
    await phone.start(call.input.callSid, call.token);
    await greetingPlayed(phone);
    await phone.speak();
    await eventually('the reply', async () => (await callState(call.input.callSid)).turnCount === 3);

    await phone.stop();
    await sb.calls.handle(call.input.callSid).result();

    const files = recordingFiles(harness.recordingsDir, call.input.callSid);
    expect(existsSync(files.plain)).toBe(false);
    const onDisk = readFileSync(files.encrypted);
    expect(() => parseWavHeader(onDisk)).toThrow('not a RIFF/WAVE file');
    const recording = await openEncryptedRecording(files.encrypted, call.input.callSid, keys);
    // The caller's audio is the clock: 1.2 s of it, interleaved with what the agent said.
    expect(recording).toMatchObject({ complete: true, audioBytes: (400 + 800) * 8 * 2 });
    const chunks: Buffer[] = [];
    for await (const chunk of recording.audio()) chunks.push(chunk);
    const frames = Buffer.concat(chunks);
    expect(frames.some((byte, i) => i % 2 === 1 && byte !== 0xff)).toBe(true);
    // None of it is on disk in the clear.
    for (let start = 0; start + 32 <= frames.length; start += 1600) expect(onDisk.includes(frames.subarray(start, start + 32))).toBe(false);
  });

  it('hangs up live streams with 1001 when it shuts down, and tells their workflows', async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const { phone, input } = await harness.phoneCall();
    await greetingPlayed(phone);

    await harness.edge.close();

    expect(await phone.closed).toEqual({ code: 1001, reason: 'media-edge shutting down' });
    const result = await sb.calls.handle(input.callSid).result();
    expect(result.turnCount).toBe(1);
    expect(harness.sim.sessions[0].closed).toBe(true);
  });

  it('serves /healthz and /metrics', async () => {
    harness = await startEdgeHarness(sb, { turns: [] });
    const base = harness.edge.url.replace('ws://', 'http://');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', activeCalls: 0 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('media_edge_malformed_frames_total');
    expect(metrics).toContain('media_edge_forwarding_seconds');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  /** A copy of the auto shop that records its calls (the seeded tenants do not). */
  async function createRecordingTenant(): Promise<DemoTenant> {
    const slug = `recording-${randomUUID()}`;
    const template = await sb.db.tenant.findUniqueOrThrow({ where: { slug: AUTO_SHOP.slug }, include: { agentConfig: true } });
    const config = template.agentConfig!;
    await sb.db.tenant.create({
      data: {
        slug,
        name: template.name,
        vertical: template.vertical,
        address: template.address,
        agentConfig: {
          create: {
            agentName: config.agentName,
            brand: config.brand,
            greetingTemplate: config.greetingTemplate,
            voice: config.voice,
            instructions: config.instructions,
            timeZone: config.timeZone,
            businessHours: config.businessHours as Prisma.InputJsonValue,
            transferNumbers: config.transferNumbers as Prisma.InputJsonValue,
            toolPacks: config.toolPacks,
            recordingEnabled: true,
          },
        },
      },
    });
    return { ...AUTO_SHOP, slug };
  }
});
