import OpenAI from 'openai';
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { WebSocket } from 'ws';
import { realtimeToolDefinitions } from '../../libs/tools/src';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import {
  GENERIC_AGENT_LINES,
  genericAgent,
  mulawSilence,
  mulawTone,
  playScript,
  rateLimitExceeded,
  RealtimeSimulator,
  SERVER_ERROR,
  splitIntoFrames,
  type ConversationScript,
  type PlanFactory,
  type SessionFacts,
} from '../../simulators/realtime';
import { decodeMulaw } from '../../simulators/realtime/mulaw';
import { autoShopConversation } from '../../simulators/scripts/demo-conversations';
import { demoPlan } from '../../simulators/scripts/demo-plan';

type ServerEventType = RealtimeServerEvent['type'];
type ServerEventOf<T extends ServerEventType> = Extract<RealtimeServerEvent, { type: T }>;

const EVENT_TIMEOUT_MS = 5_000;
const FRAME_MS = 20;

/** A plain `ws` client that records every server event and hands them out per type, in order. */
class TestClient {
  readonly events: RealtimeServerEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly consumed = new Map<ServerEventType, number>();
  private onArrival: (() => void) | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as RealtimeServerEvent);
      this.onArrival?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string, headers: Record<string, string>): Promise<TestClient> {
    const socket = new WebSocket(url, { headers });
    const client = new TestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(event: RealtimeClientEvent): Promise<void> {
    return this.sendUnchecked(event);
  }

  /** For events the server must reject. */
  sendUnchecked(event: object): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(JSON.stringify(event), (error) => (error ? reject(error) : resolve())));
  }

  /** Appends audio in 20 ms frames, each awaited until written to the socket. */
  async appendAudio(audio: Buffer): Promise<void> {
    for (const frame of splitIntoFrames(audio, FRAME_MS)) await this.send({ type: 'input_audio_buffer.append', audio: frame.toString('base64') });
  }

  /** The next not-yet-taken event of `type` (waiting for it if needed). */
  async nextEvent<T extends ServerEventType>(type: T): Promise<ServerEventOf<T>> {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    for (;;) {
      const taken = this.consumed.get(type) ?? 0;
      const event = this.ofType(type)[taken];
      if (event) {
        this.consumed.set(type, taken + 1);
        return event;
      }
      await this.arrival(deadline, type);
    }
  }

  ofType<T extends ServerEventType>(type: T): Array<ServerEventOf<T>> {
    return this.events.filter((event): event is ServerEventOf<T> => event.type === type);
  }

  indexOf(event: RealtimeServerEvent): number {
    return this.events.indexOf(event);
  }

  close(): void {
    this.socket.close();
  }

  private arrival(deadline: number, awaited: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No ${awaited} within ${EVENT_TIMEOUT_MS} ms; got: ${this.events.map((e) => e.type).join(', ')}`)),
        deadline - Date.now(),
      );
      this.onArrival = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** 400 ms silence, 800 ms of a loud 300 Hz tone, 900 ms silence. */
function utterance(): Buffer {
  return Buffer.concat([mulawSilence(400), mulawTone(800, 300, 0.5), mulawSilence(900)]);
}

type FunctionTool = { type: 'function'; name: string; description?: string; parameters?: Record<string, unknown> };

const TOOLS: FunctionTool[] = [
  {
    type: 'function' as const,
    name: 'check_availability',
    description: 'Free slots on a day',
    parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'] },
  },
];

/** What the bridge sends: μ-law both ways, server VAD, transcription, tools. */
async function configureForPhone(
  client: TestClient,
  { instructions = 'You are the receptionist of a hair salon.', tools = TOOLS }: { instructions?: string; tools?: FunctionTool[] } = {},
): Promise<ServerEventOf<'session.updated'>> {
  await client.send({
    type: 'session.update',
    session: {
      type: 'realtime',
      instructions,
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 },
        },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
      tools,
    },
  });
  return client.nextEvent('session.updated');
}

/** The instructions the media-edge gives a session for a caller (apps/media-edge/src/session-setup.ts). */
const callInstructions = (business: string, callerNumber: string) =>
  `You are the receptionist of ${business}.\nRules for this phone call:\n- You speak for ${business} as Ava.\n- The caller's phone number is ${callerNumber}. Use it to look them up; do not ask for it.`;

/** The tools a demo tenant with the core and auto-shop packs declares. */
const AUTO_SHOP_TOOLS: FunctionTool[] = realtimeToolDefinitions(['core', 'auto_shop']);

function audioMsOf(deltas: Array<ServerEventOf<'response.output_audio.delta'>>): number {
  return deltas.reduce((ms, delta) => ms + Buffer.from(delta.delta, 'base64').length / 8, 0);
}

const words = (count: number): string => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

describe('RealtimeSimulator', () => {
  let simulator: RealtimeSimulator | undefined;
  let clients: TestClient[] = [];

  async function start(script: ConversationScript): Promise<RealtimeSimulator> {
    return startWithPlan(playScript(script));
  }

  async function startWithPlan(plan: PlanFactory, log?: (line: string) => void): Promise<RealtimeSimulator> {
    simulator = await RealtimeSimulator.start({ plan, log });
    return simulator;
  }

  async function connect(sim: RealtimeSimulator): Promise<TestClient> {
    const client = await TestClient.connect(`${sim.url}?model=gpt-realtime`, { Authorization: `Bearer ${sim.apiKey}` });
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    clients.forEach((client) => client.close());
    clients = [];
    await simulator?.close();
    simulator = undefined;
  });

  it('sends session.created, merges session.update, and answers bad updates with errors while staying open', async () => {
    const sim = await start({ turns: [] });
    const client = await connect(sim);

    const created = await client.nextEvent('session.created');
    expect(created.session).toMatchObject({ type: 'realtime', model: 'gpt-realtime', audio: { input: { format: { type: 'audio/pcm', rate: 24000 } } } });

    const updated = await configureForPhone(client);
    expect(updated.session).toMatchObject({
      type: 'realtime',
      model: 'gpt-realtime',
      instructions: 'You are the receptionist of a hair salon.',
      tools: TOOLS,
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          turn_detection: {
            type: 'server_vad',
            threshold: 0.5,
            prefix_padding_ms: 300,
            silence_duration_ms: 500,
            create_response: true,
            interrupt_response: true,
          },
        },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
    });
    expect(sim.sessions[0].config.audio.output.voice).toBe('marin');

    await client.sendUnchecked({ type: 'session.update', event_id: 'evt_no_type', session: { instructions: 'x' } });
    expect((await client.nextEvent('error')).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'missing_required_parameter',
      param: 'session.type',
      event_id: 'evt_no_type',
    });

    await client.sendUnchecked({ type: 'session.update', session: { type: 'realtime', input_audio_format: 'g711_ulaw' } });
    expect((await client.nextEvent('error')).error).toMatchObject({ code: 'unknown_parameter', param: 'session.input_audio_format' });

    await client.sendUnchecked({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/ulaw' } } } } });
    expect((await client.nextEvent('error')).error).toMatchObject({ code: 'invalid_value', param: 'session.audio.input.format.type' });

    await client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Be brief.' } });
    const second = await client.nextEvent('session.updated');
    expect(second.session).toMatchObject({ instructions: 'Be brief.', audio: { output: { voice: 'marin' } } });
    expect(sim.sessions[0].errors.map((error) => error.code)).toEqual(['missing_required_parameter', 'unknown_parameter', 'invalid_value']);
    expect(sim.sessions[0].clientEvents.map((event) => event.type)).toEqual(Array(5).fill('session.update'));
  });

  it('detects an utterance on the appended-audio clock, transcribes it from the script and answers with streamed audio', async () => {
    const reply = 'We are open from nine to five on weekdays.';
    const sim = await start({ turns: [{ caller: 'When are you open?', replies: [{ say: reply }] }] });
    const client = await connect(sim);
    await configureForPhone(client);

    await client.appendAudio(utterance());

    const started = await client.nextEvent('input_audio_buffer.speech_started');
    expect(Math.abs(started.audio_start_ms - (400 - 300))).toBeLessThanOrEqual(FRAME_MS);
    const stopped = await client.nextEvent('input_audio_buffer.speech_stopped');
    expect(Math.abs(stopped.audio_end_ms - (1200 + 500))).toBeLessThanOrEqual(FRAME_MS);
    expect(stopped.item_id).toBe(started.item_id);
    expect((await client.nextEvent('input_audio_buffer.committed')).item_id).toBe(started.item_id);
    const userItem = await client.nextEvent('conversation.item.added');
    expect(userItem.item).toMatchObject({ id: started.item_id, type: 'message', role: 'user', content: [{ type: 'input_audio' }] });
    const transcription = await client.nextEvent('conversation.item.input_audio_transcription.completed');
    expect(transcription).toMatchObject({ item_id: started.item_id, transcript: 'When are you open?' });

    const done = await client.nextEvent('response.done');
    expect(done.response.status).toBe('completed');
    const created = await client.nextEvent('response.created');
    expect(client.events[client.indexOf(created) + 1].type).toBe('rate_limits.updated');
    const responseTypes = client.events
      .slice(client.indexOf(created))
      .map((event) => event.type)
      .filter((type) => !type.endsWith('.delta'));
    expect(responseTypes).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);

    const deltas = client.ofType('response.output_audio.delta');
    const expectedMs = reply.split(' ').length * 60;
    expect(audioMsOf(deltas)).toBe(expectedMs);
    expect(deltas).toHaveLength(Math.ceil(expectedMs / 100));
    const samples = decodeMulaw(Buffer.from(deltas[0].delta, 'base64'));
    expect(Math.max(...Array.from(samples, Math.abs))).toBeGreaterThan(5_000);
    expect(client.ofType('response.output_audio_transcript.delta').map((delta) => delta.delta).join('')).toBe(reply);
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(reply);

    expect(done.response.usage).toMatchObject({
      input_token_details: { audio_tokens: (1700 - 100) / 100 },
      output_token_details: { audio_tokens: Math.ceil(expectedMs / 50), text_tokens: Math.ceil(9 * 1.3) },
    });
    expect(sim.sessions[0].callerUtterances).toEqual([
      { itemId: started.item_id, audioStartMs: started.audio_start_ms, audioEndMs: stopped.audio_end_ms, transcript: 'When are you open?' },
    ]);
    expect(sim.sessions[0].responses).toMatchObject([{ trigger: 'turn_detection', status: 'completed', speechText: reply }]);
    expect(client.ofType('input_audio_buffer.speech_started')).toHaveLength(1);
  });

  it('plays a function call round trip, with the reply after the tool output computed from it', async () => {
    const sim = await start({
      turns: [
        {
          caller: 'Any slots on Tuesday?',
          replies: [
            { say: 'Let me check.', call: { name: 'check_availability', arguments: { day: 'tuesday' } } },
            ({ toolOutputs }) => ({ say: `We have ${(JSON.parse(toolOutputs[toolOutputs.length - 1].output) as { slots: number }).slots} slots on Tuesday.` }),
          ],
        },
      ],
    });
    const client = await connect(sim);
    await configureForPhone(client);
    await client.appendAudio(utterance());

    const call = await client.nextEvent('response.function_call_arguments.done');
    expect(call.call_id).toMatch(/^call_/);
    expect(call.name).toBe('check_availability');
    expect(JSON.parse(call.arguments)).toEqual({ day: 'tuesday' });
    const argumentDeltas = client.ofType('response.function_call_arguments.delta').map((delta) => delta.delta);
    expect(argumentDeltas.join('')).toBe(call.arguments);
    const first = await client.nextEvent('response.done');
    expect(first.response.status).toBe('completed');
    expect(first.response.output).toMatchObject([
      { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: 'Let me check.' }] },
      { type: 'function_call', status: 'completed', call_id: call.call_id, name: 'check_availability', arguments: call.arguments },
    ]);

    await client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_unknown', output: '{}' } });
    expect((await client.nextEvent('error')).error).toMatchObject({ code: 'invalid_value', param: 'item.call_id' });

    await client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ slots: 3 }) } });
    await client.send({ type: 'response.create' });
    const second = await client.nextEvent('response.done');
    expect(second.response.status).toBe('completed');
    const transcripts = client.ofType('response.output_audio_transcript.done').map((event) => event.transcript);
    expect(transcripts).toEqual(['Let me check.', 'We have 3 slots on Tuesday.']);
    expect(sim.sessions[0].functionCallOutputs).toEqual([{ callId: call.call_id, name: 'check_availability', output: '{"slots":3}' }]);
    expect(sim.sessions[0].responses.map((response) => response.trigger)).toEqual(['turn_detection', 'response.create']);
  });

  it('cancels a streaming response when the caller barges in (turn_detected), then answers the new utterance', async () => {
    const greeting = words(80);
    const sim = await start({ greeting, turns: [{ caller: 'Sorry to interrupt.', replies: [{ say: 'No problem.' }] }] });
    const client = await connect(sim);
    await configureForPhone(client);
    await client.send({ type: 'response.create' });
    const firstDelta = await client.nextEvent('response.output_audio.delta');

    await client.appendAudio(utterance());

    const started = await client.nextEvent('input_audio_buffer.speech_started');
    const cancelled = await client.nextEvent('response.done');
    expect(cancelled.response).toMatchObject({ status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' } });
    expect(client.indexOf(cancelled)).toBeGreaterThan(client.indexOf(started));
    const audioDone = await client.nextEvent('response.output_audio.done');
    expect(client.indexOf(audioDone)).toBeLessThan(client.indexOf(cancelled));
    expect((await client.nextEvent('response.output_item.done')).item).toMatchObject({ status: 'incomplete' });

    const answer = await client.nextEvent('response.done');
    expect(answer.response.status).toBe('completed');
    const greetingDeltas = client.ofType('response.output_audio.delta').filter((delta) => delta.response_id === cancelled.response.id);
    expect(greetingDeltas.every((delta) => client.indexOf(delta) < client.indexOf(cancelled))).toBe(true);
    const generatedMs = audioMsOf(greetingDeltas);
    expect(generatedMs).toBeGreaterThan(0);
    expect(generatedMs).toBeLessThan(80 * 60);
    expect(cancelled.response.usage?.output_token_details?.audio_tokens).toBe(Math.ceil(generatedMs / 50));
    expect(sim.sessions[0].responses).toMatchObject([
      { trigger: 'response.create', status: 'cancelled', cancelReason: 'turn_detected', speechText: greeting },
      { trigger: 'turn_detection', status: 'completed', speechText: 'No problem.' },
    ]);

    const heardMs = generatedMs / 2;
    await client.send({ type: 'conversation.item.truncate', item_id: firstDelta.item_id, content_index: 0, audio_end_ms: heardMs });
    expect(await client.nextEvent('conversation.item.truncated')).toMatchObject({ item_id: firstDelta.item_id, audio_end_ms: heardMs });
    expect(sim.sessions[0].truncations).toEqual([
      { itemId: firstDelta.item_id, contentIndex: 0, audioEndMs: heardMs, generatedMs, heardTranscript: words(Math.ceil(heardMs / 60)) },
    ]);
  });

  it('says the quoted text of response.create instructions, and refuses to truncate beyond the generated audio', async () => {
    const sim = await start({ greeting: 'Unused scripted greeting.', turns: [] });
    const client = await connect(sim);
    await configureForPhone(client);
    const line = 'Thanks for calling, how can I help?';
    await client.send({ type: 'response.create', response: { instructions: `Greet the caller. Say exactly: "${line}"` } });
    const done = await client.nextEvent('response.done');
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(line);
    const itemId = done.response.output?.[0].id ?? '';
    const generatedMs = line.split(' ').length * 60;

    await client.send({ type: 'conversation.item.truncate', event_id: 'evt_trunc', item_id: itemId, content_index: 0, audio_end_ms: generatedMs + 1 });
    const error = await client.nextEvent('error');
    expect(error.error).toMatchObject({ type: 'invalid_request_error', param: 'audio_end_ms', event_id: 'evt_trunc' });
    expect(error.error.message).toContain(`${generatedMs}ms is already shorter than ${generatedMs + 1}ms`);
    expect(sim.sessions[0].truncations).toEqual([]);

    await client.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: generatedMs });
    expect((await client.nextEvent('conversation.item.truncated')).audio_end_ms).toBe(generatedMs);
  });

  it('handles response.cancel (client_cancelled), a second response.create, and a cancel with nothing running', async () => {
    const sim = await start({ greeting: words(60), turns: [] });
    const client = await connect(sim);
    await configureForPhone(client);
    await client.send({ type: 'response.create' });
    await client.nextEvent('response.output_audio.delta');

    await client.send({ type: 'response.create' });
    expect((await client.nextEvent('error')).error.code).toBe('conversation_already_has_active_response');
    await client.send({ type: 'response.cancel' });
    expect((await client.nextEvent('response.done')).response).toMatchObject({
      status: 'cancelled',
      status_details: { type: 'cancelled', reason: 'client_cancelled' },
    });
    await client.send({ type: 'response.cancel' });
    expect((await client.nextEvent('error')).error.code).toBe('response_cancel_not_active');
    expect(sim.sessions[0].responses).toMatchObject([{ status: 'cancelled', cancelReason: 'client_cancelled' }]);
  });

  it('commits by hand when turn detection is off, refusing buffers under 100 ms', async () => {
    const sim = await start({ turns: [{ caller: 'Hello?', replies: [{ say: 'Hi there.' }] }] });
    const client = await connect(sim);
    await configureForPhone(client);
    await client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
    expect((await client.nextEvent('session.updated')).session.audio?.input?.turn_detection).toBeNull();

    await client.appendAudio(mulawTone(60, 300, 0.5));
    await client.send({ type: 'input_audio_buffer.commit' });
    expect((await client.nextEvent('error')).error.code).toBe('input_audio_buffer_commit_empty');
    await client.appendAudio(utterance());
    await client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.nextEvent('input_audio_buffer.committed');
    expect((await client.nextEvent('conversation.item.input_audio_transcription.completed')).transcript).toBe('Hello?');
    expect(sim.sessions[0].callerUtterances).toEqual([{ itemId: committed.item_id, audioStartMs: 0, audioEndMs: 60 + 2100, transcript: 'Hello?' }]);
    expect(client.ofType('input_audio_buffer.speech_started')).toHaveLength(0);

    await client.send({ type: 'response.create' });
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe('Hi there.');
  });

  it('rejects a missing or wrong API key with HTTP 401 on upgrade', async () => {
    const sim = await start({ turns: [] });
    const statusOf = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`${sim.url}?model=gpt-realtime`, { headers });
        socket.on('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => reject(new Error('the upgrade was accepted')));
        socket.on('error', () => undefined);
      });
    expect(await statusOf({})).toBe(401);
    expect(await statusOf({ Authorization: 'Bearer sk-wrong' })).toBe(401);
    expect(sim.sessions).toHaveLength(0);
  });

  it('rejects the beta interface header with beta_api_shape_disabled and close code 4000', async () => {
    const sim = await start({ turns: [] });
    const client = await TestClient.connect(`${sim.url}?model=gpt-realtime`, { Authorization: `Bearer ${sim.apiKey}`, 'OpenAI-Beta': 'realtime=v1' });
    const error = await client.nextEvent('error');
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'beta_api_shape_disabled' });
    expect((await client.closed).code).toBe(4000);
    expect(client.ofType('session.created')).toHaveLength(0);
  });

  it('issues client secrets to the official openai SDK, usable as WebSocket keys', async () => {
    const sim = await start({ turns: [] });
    const openai = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.restBaseUrl, maxRetries: 0 });
    const secret = await openai.realtime.clientSecrets.create({
      expires_after: { anchor: 'created_at', seconds: 120 },
      session: { type: 'realtime', model: 'gpt-realtime-mini', audio: { input: { format: { type: 'audio/pcmu' } } } },
    });
    expect(secret.value).toMatch(/^ek_/);
    expect(Math.abs(secret.expires_at - (Date.now() / 1000 + 120))).toBeLessThan(5);
    expect(secret.session).toMatchObject({ type: 'realtime', object: 'realtime.session', model: 'gpt-realtime-mini' });

    const client = await TestClient.connect(sim.url, { Authorization: `Bearer ${secret.value}` });
    clients.push(client);
    expect((await client.nextEvent('session.created')).session).toMatchObject({
      model: 'gpt-realtime-mini',
      audio: { input: { format: { type: 'audio/pcmu' } } },
    });

    const wrongKey = new OpenAI({ apiKey: 'sk-wrong', baseURL: sim.restBaseUrl, maxRetries: 0 });
    await expect(wrongKey.realtime.clientSecrets.create({})).rejects.toMatchObject({ status: 401 });
  });

  it('gives every connection a plan of its own, chosen from what its session knows', async () => {
    const chosenFor: SessionFacts[] = [];
    const sim = await startWithPlan((session) => {
      chosenFor.push(session);
      return playScript({ turns: [{ caller: `I called ${session.instructions}`, replies: [{ say: `Hello from ${session.instructions}` }] }] })(session);
    });
    const [salon, garage] = [await connect(sim), await connect(sim)];
    await configureForPhone(salon, { instructions: 'the salon' });
    await configureForPhone(garage, { instructions: 'the garage' });

    await Promise.all([garage.appendAudio(utterance()), salon.appendAudio(utterance())]);

    expect((await salon.nextEvent('conversation.item.input_audio_transcription.completed')).transcript).toBe('I called the salon');
    expect((await salon.nextEvent('response.output_audio_transcript.done')).transcript).toBe('Hello from the salon');
    expect((await garage.nextEvent('conversation.item.input_audio_transcription.completed')).transcript).toBe('I called the garage');
    expect((await garage.nextEvent('response.output_audio_transcript.done')).transcript).toBe('Hello from the garage');
    expect(chosenFor.map((facts) => facts.instructions).sort()).toEqual(['the garage', 'the salon']);
    expect(chosenFor[0].toolNames).toEqual(['check_availability']);
  });

  it('lets the generic agent greet, take a message for the caller\'s number, confirm, say goodbye and end the call', async () => {
    const sim = await startWithPlan(genericAgent);
    const client = await connect(sim);
    await configureForPhone(client, { instructions: callInstructions('Rivera Auto Repair', '+15550001111'), tools: AUTO_SHOP_TOOLS });

    await client.send({ type: 'response.create' });
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.greeting);
    await client.nextEvent('response.done');

    await client.appendAudio(utterance());
    expect((await client.nextEvent('conversation.item.input_audio_transcription.completed')).transcript).toMatch(/^\[\d+\.\d s of caller speech\]$/);
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.offer);
    const callback = await client.nextEvent('response.function_call_arguments.done');
    expect(callback.name).toBe('request_callback');
    expect(JSON.parse(callback.arguments)).toMatchObject({ phone: '+15550001111', reason: expect.any(String) });
    await client.nextEvent('response.done');

    const taken = { ok: true, data: { status: 'pending', phone: '+15550001111' } };
    await client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callback.call_id, output: JSON.stringify(taken) } });
    await client.send({ type: 'response.create' });
    const goodbye = `${GENERIC_AGENT_LINES.noted('+15550001111')} ${GENERIC_AGENT_LINES.goodbye}`;
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(goodbye);
    const endCall = await client.nextEvent('response.function_call_arguments.done');
    expect(endCall.name).toBe('end_call');
    await client.nextEvent('response.done');

    await client.appendAudio(utterance());
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.afterGoodbye);
    expect(sim.sessions[0].responses.map((response) => response.toolCall?.name)).toEqual([undefined, 'request_callback', 'end_call', undefined]);
    expect(sim.sessions[0].errors).toEqual([]);
  });

  it('lets the generic agent say so when the message could not be taken, and still say goodbye', async () => {
    const sim = await startWithPlan(genericAgent);
    const client = await connect(sim);
    await configureForPhone(client, { instructions: 'No caller number here.', tools: AUTO_SHOP_TOOLS });
    await client.appendAudio(utterance());
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.offer);
    const callback = await client.nextEvent('response.function_call_arguments.done');
    expect(JSON.parse(callback.arguments)).not.toHaveProperty('phone');
    await client.nextEvent('response.done');

    const refused = { ok: false, error: { code: 'phone_required', message: 'I need a phone number for that.' } };
    await client.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callback.call_id, output: JSON.stringify(refused) } });
    await client.send({ type: 'response.create' });
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe(`${GENERIC_AGENT_LINES.notNoted} ${GENERIC_AGENT_LINES.goodbye}`);
    expect((await client.nextEvent('response.function_call_arguments.done')).name).toBe('end_call');
  });

  it('ends only the connection whose plan fails, with an error event, close 1011 and a log line', async () => {
    const logged: string[] = [];
    const throwingScript = playScript({
      turns: [
        {
          caller: 'Hello?',
          replies: [
            () => {
              throw new Error('the script expected an output of check_availability');
            },
          ],
        },
      ],
    });
    const faulty: PlanFactory = (session) => (session.instructions === 'faulty' ? throwingScript : genericAgent)(session);
    const sim = await startWithPlan(faulty, (line) => logged.push(line));
    const [broken, healthy] = [await connect(sim), await connect(sim)];
    await configureForPhone(broken, { instructions: 'faulty' });
    await configureForPhone(healthy, { instructions: 'fine', tools: AUTO_SHOP_TOOLS });

    await broken.appendAudio(utterance());
    expect((await broken.nextEvent('error')).error).toMatchObject({ type: 'server_error', code: 'simulator_fault' });
    expect(await broken.closed).toEqual({ code: 1011, reason: 'simulator fault' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /^Realtime simulator: session #1 failed and its connection was closed: the script expected an output of check_availability \(at .+\)$/,
    );
    expect(sim.sessions[0]).toMatchObject({ closed: true, fault: 'the script expected an output of check_availability' });

    await healthy.send({ type: 'response.create' });
    expect((await healthy.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.greeting);
    const late = await connect(sim);
    expect((await late.nextEvent('session.created')).type).toBe('session.created');
  });

  it('drops a connection abruptly on demand', async () => {
    const sim = await start({ turns: [] });
    const client = await connect(sim);
    await client.nextEvent('session.created');
    sim.dropConnection(0);
    expect((await client.closed).code).toBe(1006);
    expect(sim.sessions[0].closed).toBe(true);
  });

  it('raises a server_error on demand and fails the next responses with the fault in status_details, then answers again', async () => {
    const sim = await start({ greeting: 'Hello there.', turns: [] });
    const client = await connect(sim);
    await configureForPhone(client);

    sim.raiseError(0, SERVER_ERROR);
    expect((await client.nextEvent('error')).error).toEqual({ ...SERVER_ERROR, event_id: null });

    sim.failResponses(2, rateLimitExceeded(1.5));
    for (let attempt = 0; attempt < 2; attempt++) {
      await client.send({ type: 'response.create' });
      const created = await client.nextEvent('response.created');
      const done = await client.nextEvent('response.done');
      expect(done.response).toMatchObject({
        id: created.response.id,
        status: 'failed',
        status_details: { type: 'failed', error: { type: 'tokens', code: 'rate_limit_exceeded', message: expect.stringContaining('Please try again in 1.5s') } },
        output: [],
      });
    }
    // The plan's reply was kept for the response after the faults.
    await client.send({ type: 'response.create' });
    await client.nextEvent('response.created');
    expect((await client.nextEvent('response.output_audio_transcript.done')).transcript).toBe('Hello there.');
    expect((await client.nextEvent('response.done')).response.status).toBe('completed');
    expect(sim.sessions[0].responses.map((response) => response.status)).toEqual(['failed', 'failed', 'completed']);
    expect(sim.sessions[0].errors).toEqual([SERVER_ERROR]);
  });
});

describe('demoPlan', () => {
  let simulator: RealtimeSimulator;
  const clients: TestClient[] = [];

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await simulator.close();
  });

  async function callIn(instructions: string): Promise<TestClient> {
    const client = await TestClient.connect(`${simulator.url}?model=gpt-realtime`, { Authorization: `Bearer ${simulator.apiKey}` });
    clients.push(client);
    await configureForPhone(client, { instructions, tools: AUTO_SHOP_TOOLS });
    return client;
  }

  it('plays the demo script for its demo caller and hands a caller who leaves it to the generic agent', async () => {
    simulator = await RealtimeSimulator.start({ plan: demoPlan() });
    const maria = await callIn(callInstructions(AUTO_SHOP.name, KNOWN.autoShop.customer.phone));

    await maria.appendAudio(utterance());
    expect((await maria.nextEvent('conversation.item.input_audio_transcription.completed')).transcript).toBe(autoShopConversation().callerLines[0]);
    expect((await maria.nextEvent('response.function_call_arguments.done')).name).toBe('lookup_customer');
    await maria.nextEvent('response.done');

    // She speaks again before any tool result came back: the script expected availability it never got.
    await maria.appendAudio(utterance());
    const callback = await maria.nextEvent('response.function_call_arguments.done');
    expect(callback.name).toBe('request_callback');
    expect(JSON.parse(callback.arguments)).toMatchObject({ phone: KNOWN.autoShop.customer.phone });
    expect(simulator.sessions[0].errors).toEqual([]);
    expect(simulator.sessions[0].closed).toBe(false);
  });

  it('gives any other caller the generic agent', async () => {
    simulator = await RealtimeSimulator.start({ plan: demoPlan() });
    const stranger = await callIn(callInstructions(AUTO_SHOP.name, '+15550002222'));
    await stranger.appendAudio(utterance());
    expect((await stranger.nextEvent('response.output_audio_transcript.done')).transcript).toBe(GENERIC_AGENT_LINES.offer);
    expect((await stranger.nextEvent('response.function_call_arguments.done')).name).toBe('request_callback');
  });
});
