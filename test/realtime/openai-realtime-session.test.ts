import { OpenAIRealtime } from '../../libs/realtime/src/openai/openai-realtime';
import type { RealtimeSession, SessionSettings } from '../../libs/realtime/src/realtime-session';
import {
  mulawSilence,
  mulawTone,
  playScript,
  rateLimitExceeded,
  RealtimeSimulator,
  SERVER_ERROR,
  splitIntoFrames,
  type ConversationScript,
} from '../../simulators/realtime';
import { eventually } from '../media-edge/support/eventually';
import { CuttingProxy } from './support/cutting-proxy';
import { RecordedEvents } from './support/recorded-events';

const SETTINGS: SessionSettings = {
  instructions: 'You answer the phone for Test Motors.',
  voice: 'marin',
  tools: [{ name: 'lookup_customer', description: 'Finds the caller by phone number.', parameters: { type: 'object', properties: {} } }],
};
const FALLBACK = "Sorry, I didn't catch that. Could you say it again?";

type ClientEvent = Record<string, unknown> & { type: string };

describe('OpenAI Realtime adapter (RealtimeSession port) against the Realtime simulator', () => {
  let sim: RealtimeSimulator | undefined;
  let session: RealtimeSession | undefined;
  let events: RecordedEvents;

  afterEach(async () => {
    session?.close();
    session = undefined;
    await closeSimulator();
  });

  async function closeSimulator(): Promise<void> {
    await sim?.close();
    sim = undefined;
  }

  async function open(script: ConversationScript, apiKey?: string): Promise<RealtimeSession> {
    sim = await RealtimeSimulator.start({ plan: playScript(script) });
    events = new RecordedEvents();
    session = new OpenAIRealtime({ url: sim.url, apiKey: apiKey ?? sim.apiKey, model: 'gpt-realtime' }).openSession(events.handlers);
    return session;
  }

  const clientEvents = (connection: number) => (sim!.sessions[connection]?.clientEvents ?? []) as ClientEvent[];
  const itemsSent = (connection: number) => clientEvents(connection).filter((event) => event.type === 'conversation.item.create').map((event) => event.item);

  /** A caller utterance the simulator's VAD hears, as 20 ms frames of base64 μ-law. */
  function speak(target: RealtimeSession): void {
    const utterance = Buffer.concat([mulawTone(400, 440, 0.5), mulawSilence(800)]);
    for (const frame of splitIntoFrames(utterance, 20)) target.sendAudio(frame.toString('base64'));
  }

  /** The items the simulator got on `connection`, once everything sent so far has arrived (a marker item follows it). */
  async function itemsReceived(target: RealtimeSession, connection: number): Promise<unknown[]> {
    target.addText('user', 'marker');
    const isMarker = (item: unknown) => JSON.stringify(item).includes('"marker"');
    await eventually('the marker item', () => itemsSent(connection).some(isMarker));
    return itemsSent(connection).filter((item) => !isMarker(item));
  }

  it("configures a GA session for μ-law phone audio, takes the caller's audio only then, and reports the turn", async () => {
    const realtime = await open({ turns: [{ caller: 'Do you fix brakes?', replies: [{ say: 'Yes, we do.' }] }] });
    expect(realtime.sendAudio(mulawSilence(20).toString('base64'))).toBe(false);

    await realtime.configure(SETTINGS);

    const update = clientEvents(0)[0] as { type: string; session: Record<string, unknown> };
    expect(update.type).toBe('session.update');
    expect(update.session).toMatchObject({
      type: 'realtime',
      instructions: SETTINGS.instructions,
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcmu' }, turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true } },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
      tools: [{ type: 'function', ...SETTINGS.tools[0] }],
    });
    expect(sim!.sessions[0].config.audio.input.transcription).not.toBeNull();

    speak(realtime);
    const done = await events.until('responseDone');
    const response = sim!.sessions[0].responses[0];
    expect(done.responseId).toBe(response.id);
    expect(events.of('speechStarted')).toHaveLength(1);
    expect(events.of('transcript')).toEqual([
      { name: 'transcript', role: 'caller', text: 'Do you fix brakes?' },
      { name: 'transcript', role: 'agent', text: 'Yes, we do.' },
    ]);
    const audio = events.of('agentAudio');
    expect(audio.length).toBeGreaterThan(0);
    expect(audio.every((chunk) => chunk.responseId === response.id)).toBe(true);
    expect(Buffer.concat(audio.map((chunk) => Buffer.from(chunk.audio, 'base64'))).length).toBe(3 * 60 * 8);
    const usage = (await events.until('usage')).usage;
    expect(usage.outputAudioTokens).toBe(response.usage!.output_token_details!.audio_tokens);
    expect(events.of('error')).toEqual([]);
  });

  it('rejects configure when the backend refuses the connection or the settings, and raises no lost', async () => {
    await open({ turns: [] }, 'sk-wrong');
    await expect(session!.configure(SETTINGS)).rejects.toThrow('Realtime connection failed: HTTP 401');
    await closeSimulator();

    const refusing = await open({ turns: [] });
    await expect(refusing.configure({ ...SETTINGS, voice: 'robot' })).rejects.toThrow(/^session\.update refused: /);
    expect(events.of('lost')).toEqual([]);
  });

  it('asks for one response at a time, keeps one reply waiting at most, and withdraws a filler', async () => {
    const realtime = await open({ turns: [] });
    await realtime.configure(SETTINGS);

    realtime.requestResponse('greeting', 'Greet the caller. Say exactly this: "Hello there."');
    realtime.requestResponse('filler', 'Say only: "One moment."');
    realtime.requestResponse('reply');
    realtime.requestResponse('reply');
    realtime.withdrawResponse('filler');
    realtime.requestResponse('greeting', 'Say exactly this: "Goodbye."');

    await events.until('responseDone', 3);
    expect(sim!.sessions[0].responses.map((response) => response.speechText)).toEqual(['Hello there.', FALLBACK, 'Goodbye.']);
    expect(sim!.sessions[0].errors).toEqual([]);
    expect(realtime.activeResponseId).toBeUndefined();
  });

  it("asks again after the VAD's response when a response.create lost the race to it", async () => {
    const realtime = await open({ turns: [{ caller: 'Hi.', replies: [{ say: 'Hello, how can I help?' }] }] });
    await realtime.configure(SETTINGS);

    speak(realtime); // the VAD starts a response before the request below arrives
    realtime.requestResponse('greeting', 'Say exactly this: "After you."');

    await events.until('responseDone', 2);
    expect(sim!.sessions[0].responses.map((response) => [response.trigger, response.speechText])).toEqual([
      ['turn_detection', 'Hello, how can I help?'],
      ['response.create', 'After you.'],
    ]);
    expect(sim!.sessions[0].errors.map((error) => error.code)).toEqual(['conversation_already_has_active_response']);
  });

  it('cancels a response and truncates an item at the ms the caller heard', async () => {
    const realtime = await open({ turns: [] });
    await realtime.configure(SETTINGS);
    realtime.requestResponse('greeting', 'Say exactly this: "Thanks for calling Test Motors, how can I help you today?"');

    const chunk = await events.until('agentAudio');
    realtime.cancelResponse(chunk.responseId);
    realtime.truncate(chunk.itemId, 20);

    await eventually('the truncation', () => sim!.sessions[0].truncations.length === 1);
    expect(sim!.sessions[0].responses[0].status).toBe('cancelled');
    expect(sim!.sessions[0].truncations[0]).toMatchObject({ itemId: chunk.itemId, audioEndMs: 20 });
  });

  it('reconnects after a drop with the same session and the conversation so far, and answers a caller who was waiting', async () => {
    const realtime = await open({ turns: [{ caller: 'Can I book an oil change?', replies: [{ say: 'Sure, which day works for you?' }] }] });
    await realtime.configure(SETTINGS);
    realtime.requestResponse('greeting', 'Say exactly this: "Test Motors, hello."');
    await events.until('responseDone');
    speak(realtime);
    await events.until('transcript', 2); // the caller's words, before the agent's answer is through

    sim!.dropConnection(0);
    expect((await events.until('reconnecting')).detail).toMatch(/^closed with 1006/);
    expect(realtime.sendAudio(mulawSilence(20).toString('base64'))).toBe(false);
    realtime.addText('user', 'The caller pressed 1 on the keypad.');

    await events.until('restored');
    expect(clientEvents(1)[0].session).toEqual(clientEvents(0)[0].session);
    expect(await itemsReceived(realtime, 1)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Test Motors, hello.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Can I book an oil change?' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'The caller pressed 1 on the keypad.' }] },
    ]);
    await eventually('the answer in the new connection', () => sim!.sessions[1].responses[0]?.status === 'completed');
    expect(sim!.sessions[1].responses[0].trigger).toBe('response.create');
    expect(realtime.sendAudio(mulawSilence(20).toString('base64'))).toBe(true);
    expect(events.of('lost')).toEqual([]);
  });

  it('gives a tool result whose call was in the lost connection to the new one as a note', async () => {
    const realtime = await open({ turns: [{ caller: 'Am I on file?', replies: [{ call: { name: 'lookup_customer', arguments: {} } }] }] });
    await realtime.configure(SETTINGS);
    speak(realtime);
    const call = await events.until('functionCall');
    await events.until('responseDone');
    expect(events.of('functionCall')).toHaveLength(1); // announced by two server events, raised once

    sim!.dropConnection(0);
    await events.until('reconnecting');
    realtime.sendToolResult({ callId: call.callId, name: call.toolName }, '{"ok":true,"data":{"name":"Maria"}}');

    await events.until('restored');
    expect(await itemsReceived(realtime, 1)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Am I on file?' }] },
      {
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: 'The lookup_customer tool you called before the connection was restored returned: {"ok":true,"data":{"name":"Maria"}}' }],
      },
    ]);
    await eventually('the answer in the new connection', () => sim!.sessions[1].responses[0]?.status === 'completed');
    expect(sim!.sessions[1].errors).toEqual([]);
  });

  it('reconnects when the connection drops before the session is configured, and configures the new one', async () => {
    sim = await RealtimeSimulator.start({ plan: playScript({ turns: [] }) });
    const proxy = await CuttingProxy.start(sim.url, { cutOnType: 'session.update', cuts: 1 });
    try {
      events = new RecordedEvents();
      session = new OpenAIRealtime({ url: proxy.url, apiKey: sim.apiKey, model: 'gpt-realtime' }).openSession(events.handlers);

      await session.configure(SETTINGS);

      expect(proxy.cuts).toBe(1);
      expect(events.all.map((event) => event.name)).toEqual(['reconnecting', 'restored']);
      expect(sim.sessions.at(-1)!.config.audio.output.voice).toBe('marin');
      session.requestResponse('greeting', 'Say exactly this: "Hello after all."');
      await events.until('responseDone');
      expect(sim.sessions.at(-1)!.responses[0].speechText).toBe('Hello after all.');
    } finally {
      await proxy.close();
    }
  });

  it('is lost when the connection drops a second time, or the reconnect is refused', async () => {
    const realtime = await open({ turns: [] });
    await realtime.configure(SETTINGS);
    sim!.dropConnection(0);
    await events.until('restored');
    expect(await itemsReceived(realtime, 1)).toEqual([]);
    expect(clientEvents(1).some((event) => event.type === 'response.create')).toBe(false); // nobody was waiting for an answer

    sim!.dropConnection(1);
    expect((await events.until('lost')).detail).toMatch(/^Realtime lost again: closed with 1006/);
    expect(realtime.sendAudio(mulawSilence(20).toString('base64'))).toBe(false);
    await closeSimulator();

    const refused = await open({ turns: [] });
    await refused.configure(SETTINGS);
    await closeSimulator();
    expect((await events.until('lost')).detail).toMatch(/^Realtime reconnect failed: Realtime connection failed: /);
    expect(events.of('reconnecting')).toHaveLength(1);
  });

  it('after a server_error, gives a new connection the conversation with the tool results as notes, and asks it for the answer that failed', async () => {
    const realtime = await open({ turns: [{ caller: 'Am I on file?', replies: [{ call: { name: 'lookup_customer', arguments: {} } }] }] });
    await realtime.configure(SETTINGS);
    speak(realtime);
    const call = await events.until('functionCall');
    await events.until('responseDone');
    realtime.sendToolResult({ callId: call.callId, name: call.toolName }, '{"ok":true,"data":{"name":"Maria"}}');
    sim!.failResponses(1, SERVER_ERROR);
    realtime.requestResponse('reply');

    expect((await events.until('reconnecting')).detail).toMatch(/^response failed with server_error: The server had an error/);
    await events.until('restored');
    expect(await itemsReceived(realtime, 1)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Am I on file?' }] },
      {
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: 'The lookup_customer tool you called before the connection was restored returned: {"ok":true,"data":{"name":"Maria"}}' }],
      },
    ]);
    await eventually('the answer in the new connection', () => sim!.sessions[1].responses[0]?.status === 'completed');
    expect(sim!.sessions[1].responses.map((response) => response.trigger)).toEqual(['response.create']);
    expect(events.of('lost')).toEqual([]);
  });

  it('asks for a rate-limited response again after the wait the server names, and is lost when it names one longer than a caller waits', async () => {
    const realtime = await open({ turns: [] });
    await realtime.configure(SETTINGS);
    sim!.failResponses(1, rateLimitExceeded(0.2));

    realtime.requestResponse('greeting', 'Say exactly this: "Hello there."');

    await events.until('responseDone', 2);
    expect(sim!.sessions[0].responses.map((response) => [response.status, response.speechText])).toEqual([
      ['failed', undefined],
      ['completed', 'Hello there.'],
    ]);
    expect(events.of('error').map((event) => [event.problem.code, event.problem.message])).toEqual([
      ['rate_limit_exceeded', expect.stringMatching(/^rate limited, asking again in 200 ms: Rate limit reached/)],
    ]);

    sim!.failResponses(1, rateLimitExceeded(86.4));
    realtime.requestResponse('reply');
    expect((await events.until('lost')).detail).toMatch(/^rate limited: .*Please try again in 86\.4s/);
    expect(sim!.sessions).toHaveLength(1);
  });

  it('closes with no lost event, before or after it is configured', async () => {
    const realtime = await open({ turns: [] });
    await realtime.configure(SETTINGS);
    realtime.addText('assistant', 'I will check that for you.');
    expect(await itemsReceived(realtime, 0)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I will check that for you.' }] },
    ]);

    realtime.close();
    await eventually('the simulator to see the socket closed', () => sim!.sessions[0].closed);
    expect(realtime.sendAudio(mulawSilence(20).toString('base64'))).toBe(false);
    expect(events.of('lost')).toEqual([]);
    await closeSimulator();

    const early = await open({ turns: [] });
    early.close();
    await expect(early.configure(SETTINGS)).rejects.toThrow();
    expect(events.all).toEqual([]);
  });
});
