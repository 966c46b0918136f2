import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { WebSocketServer, type WebSocket } from 'ws';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { decodeMulaw } from '../../simulators/realtime/mulaw';
import { BYTES_PER_MS, DEFAULT_CALLER_VOICE, FRAME_BYTES, PhoneSimulator, synthesizeSpeech, TwilioRestSimulator, type DialOptions, type PhoneCall } from '../../simulators/twilio';
import { ConditionWaiters } from '../../simulators/twilio/conditions';

const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const AUTH_TOKEN = 'phone-simulator-auth-token';
/** What the API believes its public URL is (a tunnel in front of it): Twilio signs over this, not the listening address. */
const PUBLIC_URL = 'https://switchboard.example.test';
const CALLER = '+14155550188';
const SALON = '+15550100001';
const NO_STREAM_NUMBER = '+15550100002';
const BROKEN_NUMBER = '+15550100003';
const UNREACHABLE_STREAM_NUMBER = '+15550100004';
/** Answered with verbs after `<Connect>`. */
const FALLBACK_NUMBER = '+15550100005';
/** Answered with `<Connect action>`. */
const ACTION_NUMBER = '+15550100006';
const AFTER_STREAM_PATH = '/twilio/after-stream';

// ---------------------------------------------------------------------------
// A fake API (voice webhook → TwiML) and a fake media edge (the Media Streams WebSocket).

type StreamMessage = { event: string; sequenceNumber?: string; streamSid?: string } & Record<string, unknown>;
type MediaMessage = StreamMessage & { media: { track: string; chunk: string; timestamp: string; payload: string } };

/** One Media Streams connection as the application sees it. */
class MediaConnection {
  readonly messages: StreamMessage[] = [];
  readonly rawFrames: string[] = [];
  closed: { code: number; reason: string } | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly upgradeSignatureValid: boolean,
    changed: () => void,
  ) {
    socket.on('message', (data) => {
      const text = String(data);
      this.rawFrames.push(text);
      try {
        this.messages.push(JSON.parse(text) as StreamMessage);
      } catch {
        // kept in rawFrames only
      }
      changed();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      changed();
    });
  }

  get streamSid(): string {
    return String(this.of('start')[0]?.streamSid);
  }

  of(event: string): StreamMessage[] {
    return this.messages.filter((message) => message.event === event);
  }

  media(): MediaMessage[] {
    return this.of('media') as MediaMessage[];
  }

  /** The caller's audio received so far, in order. */
  inboundAudio(): Buffer {
    return Buffer.concat(this.media().map((message) => Buffer.from(message.media.payload, 'base64')));
  }

  send(message: object): void {
    this.socket.send(JSON.stringify({ streamSid: this.streamSid, ...message }));
  }

  sendAudio(durationMs: number, byte = 0x55): void {
    this.send({ event: 'media', media: { payload: Buffer.alloc(durationMs * BYTES_PER_MS, byte).toString('base64') } });
  }
}

interface ReceivedWebhook {
  path: string;
  params: Record<string, string>;
  signature: string;
}

class FakeSwitchboard {
  readonly webhooks: ReceivedWebhook[] = [];
  readonly connections: MediaConnection[] = [];
  private readonly waiters = new ConditionWaiters();
  private readonly media = new WebSocketServer({ noServer: true });

  private constructor(private readonly http: Server) {
    http.on('request', (request: IncomingMessage, response) => void this.answer(request).then(([status, body]) => response.writeHead(status, { 'Content-Type': 'text/xml' }).end(body)));
    http.on('upgrade', (request: IncomingMessage, socket, head) => {
      const signatureValid = twilio.validateRequest(AUTH_TOKEN, String(request.headers['x-twilio-signature']), this.mediaUrl, {});
      this.media.handleUpgrade(request, socket, head, (ws) => {
        this.connections.push(new MediaConnection(ws, signatureValid, () => this.waiters.check()));
        this.waiters.check();
      });
    });
  }

  static async start(): Promise<FakeSwitchboard> {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new FakeSwitchboard(http);
  }

  get apiBaseUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get mediaUrl(): string {
    return `${this.apiBaseUrl.replace('http', 'ws')}/media`;
  }

  waitUntil(condition: () => boolean): Promise<void> {
    return this.waiters.waitUntil(condition);
  }

  /** The next connection's handle once it has sent `start`. */
  async connection(index = 0): Promise<MediaConnection> {
    await this.waitUntil(() => (this.connections[index]?.of('start').length ?? 0) > 0);
    return this.connections[index];
  }

  async close(): Promise<void> {
    for (const client of this.media.clients) client.terminate();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** The webhooks, checked as our API checks them: signed over PUBLIC_URL + path (outbound calls were given the listening address). */
  private async answer(request: IncomingMessage): Promise<[number, string]> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = request.url ?? '';
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    this.webhooks.push({ path, params, signature });
    const signedUrl = (path === '/twilio/outbound' ? this.apiBaseUrl : PUBLIC_URL) + path;
    if (!twilio.validateRequest(AUTH_TOKEN, signature, signedUrl, params)) return [403, 'Twilio Request Validation Failed.'];
    if (path === AFTER_STREAM_PATH) return [200, '<Response><Say>Sorry about that.</Say><Hangup/></Response>'];
    if (params.To === FALLBACK_NUMBER) {
      return [200, `<Response><Connect><Stream url="${this.mediaUrl}"/></Connect><Say>We lost you.</Say><Dial>+15550199999</Dial></Response>`];
    }
    if (params.To === ACTION_NUMBER) {
      return [200, `<Response><Connect action="${PUBLIC_URL}${AFTER_STREAM_PATH}"><Stream url="${this.mediaUrl}"/></Connect><Say>Not said: the action answers.</Say></Response>`];
    }
    if (params.To === NO_STREAM_NUMBER) {
      return [200, `<?xml version="1.0" encoding="UTF-8"?>\n<Response><!-- closed --><Say voice='alice'>\n  We are closed &amp; will call back.\n</Say><Hangup /></Response>`];
    }
    if (params.To === BROKEN_NUMBER) return [500, 'boom'];
    if (params.To === UNREACHABLE_STREAM_NUMBER) return [200, '<Response><Connect><Stream url="ws://127.0.0.1:1/media"/></Connect></Response>'];
    return [200, `<Response><Connect><Stream url="${this.mediaUrl}"><Parameter name="token" value="t"/><Parameter name="tenant" value="salon &quot;one&quot;"/></Stream></Connect></Response>`];
  }
}

/** RMS level of 20 ms μ-law frames (0 = digital silence, ~32767 = full scale). */
function frameLevels(audio: Buffer): number[] {
  const levels: number[] = [];
  for (let offset = 0; offset + FRAME_BYTES <= audio.length; offset += FRAME_BYTES) {
    const samples = decodeMulaw(audio.subarray(offset, offset + FRAME_BYTES));
    levels.push(Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length));
  }
  return levels;
}

/** Blocks the event loop, as a machine under load would stall a process. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('PhoneSimulator', () => {
  let switchboard: FakeSwitchboard;
  let phone: PhoneSimulator;

  beforeEach(async () => {
    switchboard = await FakeSwitchboard.start();
    phone = new PhoneSimulator();
  });

  afterEach(async () => {
    await phone.hangUpAll();
    await switchboard.close();
  });

  const dialOptions = (overrides: Partial<DialOptions> = {}): DialOptions => ({
    apiBaseUrl: switchboard.apiBaseUrl,
    publicUrl: PUBLIC_URL,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: CALLER,
    to: SALON,
    ...overrides,
  });

  it('posts a voice webhook signed over the public URL, then opens the stream the TwiML names with a signed upgrade', async () => {
    const call = await phone.dialIntoStream(dialOptions());

    const [webhook] = switchboard.webhooks;
    expect(webhook.path).toBe('/twilio/voice');
    expect(webhook.params).toEqual({
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      CallSid: call.callSid,
      CallStatus: 'ringing',
      Called: SALON,
      Caller: CALLER,
      Direction: 'inbound',
      From: CALLER,
      To: SALON,
    });
    expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(twilio.validateRequest(AUTH_TOKEN, webhook.signature, `${PUBLIC_URL}/twilio/voice`, webhook.params)).toBe(true);
    expect(twilio.validateRequest(AUTH_TOKEN, webhook.signature, `${switchboard.apiBaseUrl}/twilio/voice`, webhook.params)).toBe(false);
    expect((await switchboard.connection()).upgradeSignatureValid).toBe(true);
  });

  it('sends connected, then start with the SIDs, the media format and the <Parameter>s', async () => {
    const call = await phone.dialIntoStream(dialOptions({ callSid: `CA${'a'.repeat(32)}` }));
    const connection = await switchboard.connection();

    expect(connection.messages[0]).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(connection.messages[1]).toEqual({
      event: 'start',
      sequenceNumber: '1',
      streamSid: call.streamSid,
      start: {
        accountSid: ACCOUNT_SID,
        streamSid: call.streamSid,
        callSid: `CA${'a'.repeat(32)}`,
        tracks: ['inbound'],
        customParameters: { token: 't', tenant: 'salon "one"' },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    expect(call.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
  });

  it('streams 160-byte silence frames with consecutive numbers and 20 ms timestamps, never ahead of real time, catching up after a stall', async () => {
    const dialedAt = performance.now();
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();

    await switchboard.waitUntil(() => connection.media().length >= 10);
    expect(call.framesSent).toBeLessThanOrEqual((performance.now() - dialedAt) / 20);

    stall(300);
    const framesBeforeStall = call.framesSent;
    await call.waitUntil(() => call.framesSent > framesBeforeStall);
    expect(call.framesSent).toBeGreaterThanOrEqual(framesBeforeStall + 300 / 20);

    await switchboard.waitUntil(() => connection.media().length >= call.framesSent);
    const media = connection.media();
    media.forEach((message, index) => {
      expect(message.streamSid).toBe(call.streamSid);
      expect(message.sequenceNumber).toBe(String(index + 2));
      expect(message.media).toMatchObject({ track: 'inbound', chunk: String(index + 1), timestamp: String(index * 20) });
      expect(Buffer.from(message.media.payload, 'base64')).toEqual(Buffer.alloc(FRAME_BYTES, 0xff));
    });
  });

  it('echoes each mark when playback reaches it: after the audio queued before it has played in real time', async () => {
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();
    const started = new Promise<void>((resolve) => call.once('agentAudioStarted', resolve));

    connection.send({ event: 'mark', mark: { name: 'before-any-audio' } });
    connection.sendAudio(400);
    connection.send({ event: 'mark', mark: { name: 'first' } });
    connection.sendAudio(200, 0x66);
    connection.send({ event: 'mark', mark: { name: 'second' } });
    await started;
    await switchboard.waitUntil(() => connection.of('mark').length === 3);

    expect(connection.of('mark').map((message) => message.mark)).toEqual([{ name: 'before-any-audio' }, { name: 'first' }, { name: 'second' }]);
    expect(connection.of('mark').every((message) => message.streamSid === call.streamSid && Number(message.sequenceNumber) > 1)).toBe(true);
    expect(call.echoedMarks.map(({ name, playedMs, flushedByClear }) => ({ name, playedMs, flushedByClear }))).toEqual([
      { name: 'before-any-audio', playedMs: 0, flushedByClear: false },
      { name: 'first', playedMs: 400, flushedByClear: false },
      { name: 'second', playedMs: 600, flushedByClear: false },
    ]);
    // Playback starts when the first audio arrives and runs no faster than real time.
    const playbackStartedAt = call.receivedMedia[0].atMs;
    const echoedAt = (name: string) => call.echoedMarks.find((mark) => mark.name === name)?.atMs ?? NaN;
    expect(echoedAt('first') - playbackStartedAt).toBeGreaterThanOrEqual(400);
    expect(echoedAt('second') - playbackStartedAt).toBeGreaterThanOrEqual(600);
    expect(call.playedMs).toBe(600);
    expect(call.playedAudio()).toEqual(Buffer.concat([Buffer.alloc(3200, 0x55), Buffer.alloc(1600, 0x66)]));
    expect(call.receivedMedia.map((media) => media.audio.length)).toEqual([3200, 1600]);
  });

  it('on clear, drops the unplayed audio and echoes every pending mark at once', async () => {
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();
    const cleared = new Promise<void>((resolve) => call.once('clear', resolve));

    connection.sendAudio(30_000);
    connection.send({ event: 'mark', mark: { name: 'a' } });
    connection.sendAudio(10_000);
    connection.send({ event: 'mark', mark: { name: 'b' } });
    await call.waitUntil(() => call.playedMs >= 100);
    connection.send({ event: 'clear' });
    await cleared;

    const playedAtClear = call.playedMs;
    expect(playedAtClear).toBeLessThan(30_000);
    expect(call.queuedMs).toBe(0);
    expect(call.echoedMarks.map(({ name, flushedByClear }) => ({ name, flushedByClear }))).toEqual([
      { name: 'a', flushedByClear: true },
      { name: 'b', flushedByClear: true },
    ]);
    await switchboard.waitUntil(() => connection.of('mark').length === 2);
    const framesAtClear = call.framesSent;
    await call.waitUntil(() => call.framesSent >= framesAtClear + 5);
    expect(call.playedMs).toBe(playedAtClear);
    expect(call.playedAudio().length).toBe(playedAtClear * BYTES_PER_MS);
    expect(call.clears).toHaveLength(1);
  });

  it('says text as real speech: eSpeak NG audio paced into the frames, silence around it', async () => {
    const text = 'Hi, I would like to book a haircut for tomorrow morning.';
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();

    await call.say(text);
    expect(call.callerSpeaking).toBe(false);
    await switchboard.waitUntil(() => connection.media().length >= call.framesSent);

    const speech = await synthesizeSpeech(text);
    const speechMs = speech.length / BYTES_PER_MS;
    expect(speechMs).toBeGreaterThan(1500);
    expect(speechMs).toBeLessThan(6000);
    const inbound = connection.inboundAudio();
    const speechStart = inbound.indexOf(speech);
    expect(speechStart).toBeGreaterThanOrEqual(0);
    expect(inbound.subarray(0, speechStart).every((byte) => byte === 0xff)).toBe(true);
    expect(inbound.subarray(speechStart + speech.length).every((byte) => byte === 0xff)).toBe(true);
    const voicedMs = frameLevels(speech).filter((level) => level > 300).length * 20;
    expect(voicedMs).toBeGreaterThan(speechMs / 2);
    expect(Math.max(...frameLevels(speech))).toBeGreaterThan(2000);
  });

  it('talks over the agent (barge-in): caller speech streams while agent audio plays, until the application clears it', async () => {
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();

    connection.sendAudio(20_000);
    await call.waitForAgentAudio();
    await call.say('Sorry, wait.');

    expect(call.queuedMs).toBeGreaterThan(0);
    const speech = await synthesizeSpeech('Sorry, wait.');
    await switchboard.waitUntil(() => connection.inboundAudio().includes(speech));
    connection.send({ event: 'clear' });
    await call.waitUntil(() => call.clears.length === 1);
    expect(call.queuedMs).toBe(0);
    expect(call.playedMs).toBeGreaterThanOrEqual(speech.length / BYTES_PER_MS);
    expect(call.playedMs).toBeLessThan(20_000);
  });

  it('sends dtmf on a key press, and stop then close on hang-up; sequence numbers rise across all messages', async () => {
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();

    call.pressKey('5');
    await switchboard.waitUntil(() => connection.of('dtmf').length === 1);
    expect(connection.of('dtmf')[0]).toMatchObject({ streamSid: call.streamSid, dtmf: { track: 'inbound_track', digit: '5' } });

    await call.hangUp();
    await switchboard.waitUntil(() => connection.closed !== undefined);
    const last = connection.messages[connection.messages.length - 1];
    expect(last).toMatchObject({ event: 'stop', streamSid: call.streamSid, stop: { accountSid: ACCOUNT_SID, callSid: call.callSid } });
    const sequenceNumbers = connection.messages.slice(1).map((message) => Number(message.sequenceNumber));
    expect(sequenceNumbers).toEqual(sequenceNumbers.map((_, index) => index + 1));
    expect(call.endedBy).toBe('caller');
    await expect(call.say('Anyone there?')).rejects.toThrow(/ended/);
  });

  it('reports the application closing the stream, and records messages Twilio would reject', async () => {
    const call = await phone.dialIntoStream(dialOptions());
    const connection = await switchboard.connection();
    const closed = new Promise<[number, string]>((resolve) => call.once('closed', (code, reason) => resolve([code, reason])));

    connection.socket.send('{not json');
    connection.socket.send(JSON.stringify({ event: 'media', streamSid: 'MZwrong', media: { payload: '' } }));
    connection.send({ event: 'media', media: { payload: Buffer.from('RIFF....WAVEfmt ').toString('base64') } });
    connection.send({ event: 'dance' });
    call.sendRaw('{"event":"media",');
    await switchboard.waitUntil(() => connection.rawFrames.includes('{"event":"media",'));
    connection.socket.close(1008, 'invalid stream token');

    expect(await closed).toEqual([1008, 'invalid stream token']);
    expect(call.endedBy).toBe('application');
    expect(call.protocolErrors).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining('MZwrong'),
      expect.stringContaining('WAV'),
      expect.stringContaining('"dance"'),
    ]);
    expect(call.receivedMedia).toEqual([]);
  });

  it('goes on when the application ends the stream: the verbs after <Connect>, or the signed <Connect action> and its TwiML; not after a hang-up', async () => {
    const lost = await phone.dialIntoStream(dialOptions({ to: FALLBACK_NUMBER }));
    (await switchboard.connection(0)).socket.terminate();
    const transferred = new Promise<string>((resolve) => lost.once('transferred', resolve));
    expect((await lost.afterStream()).verbs.map((verb) => [verb.name, verb.text])).toEqual([
      ['Say', 'We lost you.'],
      ['Dial', '+15550199999'],
    ]);
    expect(await transferred).toBe('+15550199999');
    expect(lost).toMatchObject({ endedBy: 'application', closeCode: 1006, transferredTo: '+15550199999' });

    const closed = await phone.dialIntoStream(dialOptions({ to: ACTION_NUMBER }));
    (await switchboard.connection(1)).socket.close(1011, 'agent unavailable');
    expect(await closed.afterStream()).toEqual({
      verbs: [
        { name: 'Say', attributes: {}, text: 'Sorry about that.', children: [] },
        { name: 'Hangup', attributes: {}, text: '', children: [] },
      ],
    });
    // Signed over the public URL (answer() checked it), with the call's parameters.
    expect(switchboard.webhooks.filter((webhook) => webhook.path === AFTER_STREAM_PATH).map((webhook) => webhook.params)).toEqual([
      expect.objectContaining({ CallSid: closed.callSid, CallStatus: 'in-progress', To: ACTION_NUMBER }),
    ]);
    expect(closed.transferredTo).toBeUndefined();

    const hungUp = await phone.dialIntoStream(dialOptions({ to: ACTION_NUMBER }));
    await hungUp.hangUp();
    expect(await hungUp.afterStream()).toEqual({ verbs: [] });
    expect(switchboard.webhooks.filter((webhook) => webhook.path === AFTER_STREAM_PATH)).toHaveLength(1);
  });

  it('returns the verbs of TwiML without a stream, and the failure of a webhook or a stream', async () => {
    const closed = await phone.dial(dialOptions({ to: NO_STREAM_NUMBER }));
    expect(closed.kind).toBe('twiml');
    expect(closed.kind === 'twiml' && closed.verbs).toEqual([
      { name: 'Say', attributes: { voice: 'alice' }, text: 'We are closed & will call back.', children: [] },
      { name: 'Hangup', attributes: {}, text: '', children: [] },
    ]);

    expect(await phone.dial(dialOptions({ to: BROKEN_NUMBER }))).toMatchObject({ kind: 'webhook-failed', status: 500, body: 'boom' });
    expect(await phone.dial(dialOptions({ to: UNREACHABLE_STREAM_NUMBER }))).toMatchObject({ kind: 'stream-failed', error: expect.stringContaining('ECONNREFUSED') });
    expect(await phone.dial(dialOptions({ authToken: 'not-the-token' }))).toMatchObject({ kind: 'webhook-failed', status: 403 });
    expect(switchboard.connections).toEqual([]);
  });

  describe('attached to the Twilio REST simulator', () => {
    let rest: TwilioRestSimulator;
    let telephony: TwilioTelephony;

    beforeEach(async () => {
      rest = await TwilioRestSimulator.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      telephony = new TwilioTelephony(createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: rest.baseUrl }));
    });

    afterEach(async () => {
      await phone.hangUpAll();
      await rest.close();
      expect(rest.errors).toEqual([]);
    });

    it('a REST transfer (<Dial>) stops and closes the stream and records who was dialed', async () => {
      const call = await phone.dialIntoStream(dialOptions({ rest }));
      const connection = await switchboard.connection();
      expect(rest.call(call.callSid).status).toBe('in-progress');

      await telephony.transferCall(call.callSid, { to: '+15550199999', callerId: SALON });
      await call.waitForClosed();
      await switchboard.waitUntil(() => connection.closed !== undefined);

      expect(call.transferredTo).toBe('+15550199999');
      expect(call.endedBy).toBe('call-update');
      expect(connection.messages[connection.messages.length - 1]).toMatchObject({ event: 'stop', stop: { callSid: call.callSid } });
      expect(String(rest.updates[0].params.Twiml)).toContain('<Number>+15550199999</Number>');
      expect(rest.call(call.callSid).status).toBe('in-progress');
    });

    it('a REST hang-up stops the stream; a caller hang-up completes the call', async () => {
      const first = await phone.dialIntoStream(dialOptions({ rest }));
      await telephony.hangUp(first.callSid);
      await first.waitForClosed();
      expect(first).toMatchObject({ endedBy: 'call-update', transferredTo: undefined });
      expect(rest.call(first.callSid).status).toBe('completed');

      const second = await phone.dialIntoStream(dialOptions({ rest }));
      await second.hangUp();
      expect(rest.call(second.callSid).statusHistory).toEqual(['ringing', 'in-progress', 'completed']);
    });

    it('picks up an outbound call and follows its <Connect><Stream>', async () => {
      const picked = new Promise<PhoneCall>((resolve) =>
        rest.scriptCallee(CALLER, { outcome: 'answer', onAnswered: async (answered) => resolve(await phoneCallOf(phone, answered)) }),
      );
      const { sid } = await telephony.placeCall({ to: CALLER, from: SALON, url: `${switchboard.apiBaseUrl}/twilio/outbound` });

      const call = await picked;
      const connection = await switchboard.connection();
      expect(call.callSid).toBe(sid);
      expect(connection.of('start')[0]).toMatchObject({ start: { callSid: sid, customParameters: { token: 't' } } });
    });
  });
});

describe('synthesizeSpeech', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'caller-speech-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('renders speech with nothing but Node, caches it on disk by text and voice, and serves the cached clip again', async () => {
    const text = 'Do you have anything on Friday afternoon?';
    const speech = await synthesizeSpeech(text, DEFAULT_CALLER_VOICE, cacheDir);
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect(speech.length / BYTES_PER_MS).toBeGreaterThan(1000);
    expect(Math.max(...frameLevels(speech))).toBeGreaterThan(2000);

    expect(await synthesizeSpeech(text, DEFAULT_CALLER_VOICE, cacheDir)).toEqual(speech);
    const slower = await synthesizeSpeech(text, { ...DEFAULT_CALLER_VOICE, wordsPerMinute: 110 }, cacheDir);
    expect(slower.length).toBeGreaterThan(speech.length * 1.3);
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  it('speaks text that looks like an option as words, and reports an unknown voice clearly without caching anything', async () => {
    const speech = await synthesizeSpeech('-v is not a flag here', DEFAULT_CALLER_VOICE, cacheDir);
    expect(speech.length / BYTES_PER_MS).toBeGreaterThan(800);
    await expect(synthesizeSpeech('Hello', { voice: 'xx-nowhere', wordsPerMinute: 165 }, cacheDir)).rejects.toThrow(
      "Cannot synthesize the caller's speech with eSpeak NG (npm package espeak-ng): Error: The specified espeak-ng voice does not exist.",
    );
    expect(await readdir(cacheDir)).toHaveLength(1);
  });
});

async function phoneCallOf(phone: PhoneSimulator, answered: Parameters<PhoneSimulator['pickUp']>[0]): Promise<PhoneCall> {
  const result = await phone.pickUp(answered);
  if (result.kind !== 'stream') throw new Error(`expected a stream, got ${result.kind}`);
  return result.call;
}
