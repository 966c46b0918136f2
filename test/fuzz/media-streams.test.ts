import fc from 'fast-check';
import { WebSocket } from 'ws';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { signStreamToken, STREAM_TOKEN_TTL_SECONDS } from '../../libs/stream-token/src/stream-token';
import { DEFAULT_FALLBACK } from '../../simulators/realtime/script';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { eventually } from '../media-edge/support/eventually';
import { startEdgeHarness, STREAM_TOKEN_SECRET, type EdgeHarness, type TestCall } from '../media-edge/support/media-edge-harness';
import { TwilioStreamClient } from '../media-edge/support/twilio-stream-client';
import { nastyText } from './support/nasty-text';
import { scrapedMetric } from './support/scraped-metric';

/** Largest message the media-edge reads (server.ts); a larger one closes the socket with 1009. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const callSidArb = fc.stringMatching(/^CA[0-9a-f]{32}$/);
const anything = fc.oneof(nastyText(), fc.jsonValue());

describe('media-edge under bad tokens, fuzzed frames and malformed Realtime events, beside a live call', () => {
  let sb: TestSwitchboard;
  let harness: EdgeHarness;
  /** A call that talks through everything this file throws at its media-edge. */
  let neighbour: TestCall & { phone: TwilioStreamClient };

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    // Every caller utterance is answered with the script's fallback line.
    harness = await startEdgeHarness(sb, { turns: [] });
    neighbour = await harness.phoneCall();
    await eventually('the neighbour hears its greeting', () => neighbour.phone.agentAudioBytes > 0 && neighbour.phone.playbackIdle);
  });
  afterAll(async () => {
    await harness.close();
    await sb.shutdown();
  });

  const metric = (name: string, labels: Record<string, string> = {}) => scrapedMetric(`http://127.0.0.1:${harness.edge.port}/metrics`, name, labels);
  const neighbourState = () => sb.calls.handle(neighbour.input.callSid).query(callStateQuery);
  /**
   * The neighbour says something and hears the agent answer it (a turn of the
   * agent's; off the script, the caller's words have no transcript); resolves
   * with the answer's audio bytes.
   */
  const neighbourTalks = async (): Promise<number> => {
    const before = neighbour.phone.agentAudioBytes;
    const turns = (await neighbourState()).turnCount;
    await neighbour.phone.speak();
    await eventually('the neighbour hears an answer', async () => neighbour.phone.agentAudioBytes > before && neighbour.phone.playbackIdle && (await neighbourState()).turnCount > turns, 60_000);
    return neighbour.phone.agentAudioBytes - before;
  };
  /** The neighbour talks over and over until `done` resolves: its audio has to flow while the rest goes on. */
  const keepTalking = async (done: Promise<unknown>): Promise<number> => {
    let over = false;
    const finished = () => (over = true);
    done.then(finished, finished);
    let answers = 0;
    while (!over) {
      expect(await neighbourTalks()).toBeGreaterThan(0);
      answers++;
    }
    return answers;
  };

  describe('stream tokens', () => {
    const claimsFor = (callSid: string) => ({ callSid, tenantId: neighbour.tenantId, callerNumber: neighbour.input.from });
    const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

    /** A `start` that must be refused, with the reasons it may be refused for (built once the neighbour exists). */
    const badStart = () => fc.oneof(
      fc.record({ callSid: callSidArb, ageMs: fc.integer({ min: 0, max: 30 * 24 * 3_600_000 }) }).map(({ callSid, ageMs }) => ({
        callSid,
        token: signStreamToken(claimsFor(callSid), STREAM_TOKEN_SECRET, Date.now() - STREAM_TOKEN_TTL_SECONDS * 1000 - ageMs),
        reasons: ['expired'],
      })),
      fc.record({ callSid: callSidArb, secret: nastyText() }).map(({ callSid, secret }) => ({
        callSid,
        token: signStreamToken(claimsFor(callSid), secret === STREAM_TOKEN_SECRET ? `${secret}!` : secret),
        reasons: ['bad_signature'],
      })),
      // Call A's token presented by call B: the live neighbour's own, or any other call's.
      fc.record({ tokenOf: fc.oneof(fc.constant(neighbour.input.callSid), callSidArb), callSid: callSidArb }).map(({ tokenOf, callSid }) => ({
        callSid,
        token: tokenOf === neighbour.input.callSid ? neighbour.token : signStreamToken(claimsFor(tokenOf), STREAM_TOKEN_SECRET),
        reasons: ['wrong_call'],
      })),
      // A valid token, tampered with: other claims under its signature, a changed signature, cut, extended, split.
      fc
        .record({
          callSid: callSidArb,
          claims: fc.record({ tenantId: nastyText(), callerNumber: nastyText(), exp: fc.integer() }, { requiredKeys: [] }),
          at: fc.nat(),
          text: fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/),
          how: fc.constantFrom('claims', 'signature', 'cut', 'extend', 'split'),
        })
        .map(({ callSid, claims, at, text, how }) => {
          const token = signStreamToken(claimsFor(callSid), STREAM_TOKEN_SECRET);
          const [payload, signature] = token.split('.');
          const position = at % signature.length;
          const flipped = signature[position] === 'A' ? 'B' : 'A';
          const tampered = {
            claims: `${base64url({ ...claimsFor(callSid), exp: Math.floor(Date.now() / 1000) + 3_600, ...claims })}.${signature}`,
            signature: `${payload}.${signature.slice(0, position)}${flipped}${signature.slice(position + 1)}`,
            cut: token.slice(0, at % token.length),
            extend: `${token}${text}`,
            split: `${payload}.${signature}.${text}`,
          }[how];
          return { callSid, token: tampered, reasons: tampered === '' ? ['missing'] : ['bad_signature', 'malformed'] };
        }),
      fc.record({ callSid: callSidArb, token: nastyText() }).map(({ callSid, token }) => ({ callSid, token, reasons: token === '' ? ['missing'] : ['bad_signature', 'malformed'] })),
      callSidArb.map((callSid) => ({ callSid, token: undefined, reasons: ['missing'] })),
      // A valid token for a CallSid that no call could have.
      nastyText()
        .filter((callSid) => callSid !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(callSid))
        .map((callSid) => ({ callSid, token: signStreamToken(claimsFor(callSid), STREAM_TOKEN_SECRET), reasons: ['malformed'] })),
    );

    it('refuses every expired, tampered, cross-call, wrong-secret or missing token with 1008, counts it, and opens no session', async () => {
      const sessionsBefore = harness.sim.sessions.length;
      await fc.assert(
        fc.asyncProperty(badStart(), async ({ callSid, token, reasons }) => {
          const counts = await Promise.all(reasons.map((reason) => metric('media_edge_rejected_streams_total', { reason })));
          const phone = await TwilioStreamClient.connect(`${harness.edge.url}/media`);

          await phone.start(callSid, token);

          const closed = await phone.closed;
          expect(closed.code).toBe(1008);
          const reason = closed.reason.replace('invalid stream token: ', '');
          expect(reasons).toContain(reason);
          expect(await metric('media_edge_rejected_streams_total', { reason })).toBe(counts[reasons.indexOf(reason)] + 1);
          expect(phone.received).toEqual([]);
        }),
        { numRuns: 150 },
      );
      expect(harness.sim.sessions.length).toBe(sessionsBefore);
      expect((await neighbourState()).mediaConnected).toBe(true);
    });

    it("refuses a second stream for the neighbour's live call, its own valid token and all, and the neighbour talks on", async () => {
      const before = await metric('media_edge_rejected_streams_total', { reason: 'duplicate' });
      const intruder = await TwilioStreamClient.connect(`${harness.edge.url}/media`);

      await intruder.start(neighbour.input.callSid, neighbour.token);

      expect(await intruder.closed).toEqual({ code: 1008, reason: 'invalid stream token: duplicate' });
      expect(await metric('media_edge_rejected_streams_total', { reason: 'duplicate' })).toBe(before + 1);
      expect(await neighbourTalks()).toBeGreaterThan(0);
      expect((await neighbourState()).mediaConnected).toBe(true);
    });

    it("refuses a second stream for the neighbour's call on another media-edge instance too, before it reaches the call's workflow", async () => {
      const elsewhere = await harness.anotherInstance();
      const elsewhereMetric = (name: string, labels: Record<string, string> = {}) => scrapedMetric(`http://127.0.0.1:${elsewhere.port}/metrics`, name, labels);
      const intruder = await TwilioStreamClient.connect(`${elsewhere.url}/media`);

      await intruder.start(neighbour.input.callSid, neighbour.token);

      expect(await intruder.closed).toEqual({ code: 1008, reason: 'invalid stream token: duplicate' });
      expect(intruder.received).toEqual([]);
      expect(await elsewhereMetric('media_edge_rejected_streams_total', { reason: 'duplicate' })).toBe(1);
      await eventually('the refused bridge gone', async () => (await elsewhereMetric('media_edge_active_calls')) === 0);
      expect(await neighbourTalks()).toBeGreaterThan(0);
      // The intruder's bridge told the workflow nothing: a disconnect from it would have ended the neighbour's media.
      expect((await neighbourState()).mediaConnected).toBe(true);
    });

    it('hangs up a stream whose valid token names a call that was never started, counted as unknown_call', async () => {
      const before = await metric('media_edge_rejected_streams_total', { reason: 'unknown_call' });
      const callSid = newCallSid();
      const stranger = await TwilioStreamClient.connect(`${harness.edge.url}/media`);

      await stranger.start(callSid, signStreamToken({ callSid, tenantId: neighbour.tenantId, callerNumber: '+15550100' }, STREAM_TOKEN_SECRET));

      expect(await stranger.closed).toEqual({ code: 1008, reason: 'no such call' });
      expect(await metric('media_edge_rejected_streams_total', { reason: 'unknown_call' })).toBe(before + 1);
      await eventually('the stranger bridge gone', async () => (await metric('media_edge_active_calls')) === 1);
    });
  });

  describe('fuzzed Media Streams frames', () => {
    /** A socket that sends whatever it is given, as a broken or hostile client would. */
    const rawSocket = async () => {
      const socket = new WebSocket(`${harness.edge.url}/media`);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('error', () => undefined);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const send = (frame: string | Buffer) =>
        new Promise<void>((resolve) => (socket.readyState === WebSocket.OPEN ? socket.send(frame, () => resolve()) : resolve()));
      return { socket, closed, send };
    };
    const streamSid = fc.oneof(fc.constant('MZ0123456789abcdef0123456789abcdef'), nastyText());
    /** Frames shaped like Twilio's, every field of any type, known and unknown events alike. */
    const twilioish = fc
      .record(
        {
          event: fc.oneof(fc.constantFrom('connected', 'start', 'media', 'mark', 'dtmf', 'stop', 'clear'), nastyText()),
          streamSid,
          sequenceNumber: anything,
          start: fc.oneof(anything, fc.record({ streamSid, callSid: fc.oneof(callSidArb, nastyText()), customParameters: fc.oneof(anything, fc.dictionary(nastyText(), nastyText())) }, { requiredKeys: [] })),
          media: fc.oneof(anything, fc.record({ payload: fc.oneof(fc.base64String({ maxLength: 400 }), anything), track: anything }, { requiredKeys: [] })),
          mark: fc.oneof(anything, fc.record({ name: anything })),
          dtmf: fc.oneof(anything, fc.record({ digit: fc.oneof(fc.constantFrom('1', '#', '*', 'A'), anything) })),
        },
        { requiredKeys: ['event'] },
      )
      .map((frame) => JSON.stringify(frame));
    const frame = fc.oneof(
      { weight: 3, arbitrary: twilioish },
      { weight: 1, arbitrary: nastyText(200) },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)) },
    );

    it('survives any frames, in any order, before and after a valid start, while the neighbour keeps talking', async () => {
      const fuzzing = fc.assert(
        fc.asyncProperty(fc.boolean(), fc.array(frame, { maxLength: 25 }), fc.array(frame, { maxLength: 25 }), async (admitted, before, after) => {
          const malformedBefore = await metric('media_edge_malformed_frames_total', { transport: 'twilio' });
          const { socket, closed, send } = await rawSocket();
          for (const text of before) await send(text);
          if (admitted) {
            const call = await harness.newCall();
            const start = { callSid: call.input.callSid, streamSid: 'MZfuzz', customParameters: { token: call.token } };
            await send(JSON.stringify({ event: 'start', streamSid: 'MZfuzz', start }));
            // Out of order and twice: a second start on the same stream changes nothing.
            await send(JSON.stringify({ event: 'start', streamSid: 'MZfuzz', start }));
          }
          for (const text of after) await send(text);
          socket.close();
          expect([1000, 1005, 1008]).toContain(await closed);
          expect(await metric('media_edge_malformed_frames_total', { transport: 'twilio' })).toBeGreaterThanOrEqual(malformedBefore);
        }),
        { numRuns: 60 },
      );
      const answers = await keepTalking(fuzzing);
      await fuzzing;

      expect(answers).toBeGreaterThan(0);
      await eventually('every fuzzed bridge ended, the neighbour alone left', async () => (await metric('media_edge_active_calls')) === 1);
      expect(await (await fetch(`http://127.0.0.1:${harness.edge.port}/healthz`)).json()).toMatchObject({ status: 'ok' });
      expect((await neighbourState()).mediaConnected).toBe(true);
    });

    it('closes a socket that sends a message over the size limit with 1009, and the neighbour talks on', async () => {
      const { closed, send } = await rawSocket();

      await send(JSON.stringify({ event: 'media', media: { payload: 'A'.repeat(MAX_MESSAGE_BYTES) } }));

      expect(await closed).toBe(1009);
      expect(await neighbourTalks()).toBeGreaterThan(0);
    });
  });

  describe('malformed Realtime events', () => {
    const SERVER_EVENTS = [
      'response.output_audio.delta',
      'input_audio_buffer.speech_started',
      'session.updated',
      'response.created',
      'response.done',
      'conversation.item.input_audio_transcription.completed',
      'response.output_audio_transcript.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'error',
    ];
    const usage = fc.record({
      input_token_details: fc.oneof(anything, fc.record({ text_tokens: anything, audio_tokens: anything, cached_tokens_details: anything })),
      output_token_details: fc.oneof(anything, fc.record({ text_tokens: anything, audio_tokens: anything })),
    });
    /** Known event types with fields of any type, unknown types, any JSON, and text that is not JSON. */
    const serverEvent = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .record(
            {
              type: fc.oneof(fc.constantFrom(...SERVER_EVENTS), nastyText()),
              event_id: anything,
              delta: fc.oneof(anything, fc.base64String({ maxLength: 200 })),
              item_id: anything,
              response_id: anything,
              response: fc.oneof(anything, fc.record({ id: anything, usage: fc.oneof(anything, usage) }, { requiredKeys: [] })),
              transcript: anything,
              call_id: anything,
              name: anything,
              arguments: anything,
              item: fc.oneof(anything, fc.record({ type: fc.constant('function_call'), call_id: anything, name: anything, arguments: anything })),
              error: fc.oneof(anything, fc.record({ message: anything, code: anything, event_id: anything }, { requiredKeys: [] })),
            },
            { requiredKeys: ['type'] },
          )
          .map((event) => JSON.stringify(event)),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: nastyText(100) },
    );

    it("cannot crash the bridge: the neighbour's call goes on, its usage stays numbers, its transcript is stored", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(serverEvent, { minLength: 1, maxLength: 20 }), async (events) => {
          for (const event of events) harness.sim.sendRaw(0, event);
          expect(harness.sim.sessions[0].closed).toBe(false);
        }),
        { numRuns: 40 },
      );

      // Heard after everything above: the socket delivers in order.
      expect(await neighbourTalks()).toBeGreaterThan(0);
      await eventually('the agent answering the neighbour last', async () => {
        const last = (await neighbourState()).recentTurns.at(-1);
        return last?.role === 'agent' && last.text === DEFAULT_FALLBACK;
      });
      expect(harness.sim.sessions[0].closed).toBe(false);
      expect(await metric('media_edge_active_calls')).toBeGreaterThanOrEqual(1);
      const { usage: counted } = await neighbourState();
      for (const value of Object.values(counted)) expect(Number.isSafeInteger(value)).toBe(true);

      await neighbour.phone.stop();
      await sb.calls.handle(neighbour.input.callSid).result();
      expect(await sb.db.callTurn.count({ where: { callSid: neighbour.input.callSid } })).toBe((await neighbourState()).turnCount);
    });
  });
});
