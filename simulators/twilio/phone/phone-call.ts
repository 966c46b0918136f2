import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import { ConditionWaiters } from '../conditions';
import type { CallLine, CallUpdateRecord } from '../rest/call-line';
import type { AfterStream } from './after-stream';
import { newSid } from '../sids';
import { findDial, parseTwiml, type StreamInstruction, type TwimlVerb } from '../twiml';
import { CallerMicrophone } from './caller-microphone';
import { FrameClock } from './frame-clock';
import { FRAME_MS } from './media-format';
import { SpeakerPlayout } from './speaker-playout';
import { synthesizeSpeech, type CallerVoice } from './speech-synthesizer';
import { parseApplicationMessage, TwilioMessageWriter, type TwilioStreamMessage } from './stream-messages';

export interface PhoneCallEvents {
  /** Agent audio started playing after silence. */
  agentAudioStarted: [];
  /** Everything the agent sent so far has been played. */
  agentAudioFinished: [];
  /** Twilio echoed a mark to the application: playback reached it, or a `clear` flushed it. */
  mark: [name: string, flushedByClear: boolean];
  clear: [];
  /** A REST update replaced the call's TwiML with `<Dial>`, or Twilio dialed after the stream ended. */
  transferred: [to: string];
  closed: [code: number, reason: string];
}

export interface ReceivedMedia {
  audio: Buffer;
  /** Arrival, in ms since the stream started. */
  atMs: number;
}

export interface MarkRecord {
  name: string;
  atMs: number;
}

export interface EchoedMark extends MarkRecord {
  flushedByClear: boolean;
  /** Agent audio played when the mark was echoed, in ms: where playback was. */
  playedMs: number;
}

/** Who ended the media stream: the caller hung up, the application closed the socket, or a REST update of the call. */
export type StreamEndedBy = 'caller' | 'application' | 'call-update';

export interface PhoneCallInit {
  /** Open, and not yet spoken on. */
  socket: WebSocket;
  line: CallLine;
  stream: StreamInstruction;
  voice: CallerVoice;
  /** When the voice webhook was sent and its TwiML came back (`performance.now()`). */
  timeline: { dialedAt: number; twimlAt: number };
  /** What Twilio runs when the stream ends and the call goes on (see twimlAfterStream). */
  afterStream: () => Promise<AfterStream>;
}

/** The call's setup as the caller saw it, in `performance.now()` ms. */
export interface CallTimeline {
  dialedAt: number;
  twimlAt: number;
  /** The `start` message sent on the open stream. */
  startSentAt: number;
  /** The first agent audio received; undefined until then. */
  firstAgentAudioAt?: number;
}

const CLOSE_NORMAL = 1000;

/**
 * The caller's side of a live `<Connect><Stream>`, speaking the Media Streams
 * protocol as Twilio does (protocols.md §2): `connected`, `start`, then a
 * 20 ms `media` frame in real time (speech from {@link say}, else silence),
 * `dtmf` on request and `stop` at the end. The agent's audio goes through a
 * real-time playback buffer that echoes marks as it reaches them and obeys
 * `clear`. When the application closes the stream (or its socket dies), the
 * call goes on as Twilio's would: {@link afterStream}.
 */
export class PhoneCall extends EventEmitter<PhoneCallEvents> {
  readonly streamSid = newSid('MZ');
  readonly receivedMedia: ReceivedMedia[] = [];
  readonly receivedMarks: MarkRecord[] = [];
  readonly echoedMarks: EchoedMark[] = [];
  /** When each `clear` arrived (ms since the stream started). */
  readonly clears: number[] = [];
  /** Messages Twilio would reject (not JSON, wrong streamSid, unknown event, WAV payload…), and socket errors. */
  readonly protocolErrors: string[] = [];
  private readonly socket: WebSocket;
  private readonly writer: TwilioMessageWriter;
  private readonly microphone = new CallerMicrophone();
  private readonly speaker: SpeakerPlayout;
  private readonly clock: FrameClock;
  private readonly waiters = new ConditionWaiters();
  private readonly stopListeningForUpdates: () => void;
  private speechInOrder: Promise<unknown> = Promise.resolve();
  private mediaFramesSent = 0;
  private ended: { by: StreamEndedBy; code?: number; reason?: string } | undefined;
  private replacement: TwimlVerb[] | undefined;
  private continuedWith: AfterStream | undefined;
  private readonly continuation: Promise<AfterStream>;
  private continued!: (next: AfterStream) => void;
  readonly timeline: CallTimeline;

  constructor(private readonly init: PhoneCallInit) {
    super();
    this.continuation = new Promise((resolve) => (this.continued = resolve));
    this.socket = init.socket;
    this.writer = new TwilioMessageWriter({ accountSid: init.line.call.accountSid, callSid: init.line.call.sid, streamSid: this.streamSid });
    this.speaker = new SpeakerPlayout({
      markReached: (name, flushedByClear) => this.echoMark(name, flushedByClear),
      audioStarted: () => this.emit('agentAudioStarted'),
      audioFinished: () => this.emit('agentAudioFinished'),
    });
    this.socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    this.socket.on('error', (error) => this.protocolErrors.push(`socket error: ${error.message}`));
    this.socket.on('close', (code, reason) => this.socketClosed(code, String(reason)));
    this.stopListeningForUpdates = init.line.onUpdated((update) => this.callUpdated(update));
    this.send(this.writer.connected());
    this.send(this.writer.start(init.stream.parameters));
    this.timeline = { ...init.timeline, startSentAt: performance.now() };
    this.clock = new FrameClock(FRAME_MS, (frameNumber) => this.sendFrame(frameNumber));
  }

  get callSid(): string {
    return this.init.line.call.sid;
  }

  get customParameters(): Record<string, string> {
    return this.init.stream.parameters;
  }

  /** How many 20 ms media frames the caller has sent. */
  get framesSent(): number {
    return this.mediaFramesSent;
  }

  /** Queued caller speech not yet sent. */
  get callerSpeaking(): boolean {
    return this.microphone.speaking;
  }

  /** Milliseconds of agent audio played to the caller so far. */
  get playedMs(): number {
    this.catchUp();
    return this.speaker.playedMs;
  }

  /** Agent audio received but not played yet. */
  get queuedMs(): number {
    this.catchUp();
    return this.speaker.queuedMs;
  }

  /** The verbs of the TwiML a REST update replaced the stream with. */
  get replacementVerbs(): TwimlVerb[] | undefined {
    return this.replacement;
  }

  /** The number the replacement TwiML, or what Twilio ran after the stream, `<Dial>`s: the caller was transferred there. */
  get transferredTo(): string | undefined {
    const dialing = this.replacement ?? this.continuedWith?.verbs;
    return dialing && findDial(dialing)?.numbers[0];
  }

  /**
   * Resolves once the stream has ended with what Twilio ran next: when the
   * application closed it (or it died), `<Connect action>`'s TwiML or the
   * verbs after `<Connect>`; nothing when the caller hung up or a REST
   * update replaced the call's TwiML.
   */
  afterStream(): Promise<AfterStream> {
    return this.continuation;
  }

  /** Set once the stream is over: who ended it and the socket's close code and reason. */
  get endedBy(): StreamEndedBy | undefined {
    return this.ended?.by;
  }

  get closeCode(): number | undefined {
    return this.ended?.code;
  }

  get closeReason(): string | undefined {
    return this.ended?.reason;
  }

  /** The agent audio the caller heard, in order (μ-law 8 kHz). */
  playedAudio(): Buffer {
    this.catchUp();
    return this.speaker.playedAudio();
  }

  /** The caller says `text` (real speech, see synthesizeSpeech) after anything already queued; resolves once its last frame is sent. */
  say(text: string): Promise<void> {
    return this.speak(synthesizeSpeech(text, this.init.voice));
  }

  /** The caller's microphone picks up this μ-law 8 kHz audio, after anything already queued. */
  speak(audio: Buffer | Promise<Buffer>): Promise<void> {
    const queued = this.speechInOrder.then(async () => ({ sent: this.microphone.speak(await audio) }));
    this.speechInOrder = queued.catch(() => undefined);
    return queued.then(({ sent }) => sent);
  }

  /** A keypad press: a `dtmf` message, at once. */
  pressKey(digit: string): void {
    if (!/^[0-9*#A-D]$/.test(digit)) throw new Error(`"${digit}" is not a DTMF key.`);
    this.send(this.writer.dtmf(digit));
  }

  /** Sends `text` as is, as a text frame (for malformed-message tests). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The caller hangs up: `stop`, then the socket closes; after the stream, the call (e.g. with the person Twilio dialed) ends. */
  async hangUp(): Promise<void> {
    if (this.ended) {
      await this.continuation;
      return this.init.line.hangUp();
    }
    this.endStream('caller');
    await this.waitForClosed();
  }

  /** Resolves once `condition` holds, re-checked after every frame (20 ms) and every message; rejects if the stream ends first. */
  waitUntil(condition: () => boolean): Promise<void> {
    return this.waiters.waitUntil(condition);
  }

  /** Resolves once agent audio is playing (at once if it already is). */
  waitForAgentAudio(): Promise<void> {
    return this.waitUntil(() => this.queuedMs > 0);
  }

  /** Resolves once no agent audio is waiting to be played (at once if none is). */
  waitForAgentSilence(): Promise<void> {
    return this.waitUntil(() => this.queuedMs === 0);
  }

  waitForClosed(): Promise<void> {
    return this.waitUntil(() => this.ended?.code !== undefined);
  }

  private sendFrame(frameNumber: number): void {
    const frame = this.microphone.nextFrame();
    this.send(this.writer.media(frameNumber, (frameNumber - 1) * FRAME_MS, frame.audio));
    this.mediaFramesSent = frameNumber;
    for (const finished of frame.finishedUtterances) finished();
    this.catchUp();
    this.waiters.check();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return void this.protocolErrors.push('binary frame: Media Streams messages are JSON text frames');
    const atMs = this.clock.now();
    const message = parseApplicationMessage(String(data), this.streamSid);
    if ('error' in message) return void this.protocolErrors.push(message.error);
    if (message.event === 'media') {
      this.timeline.firstAgentAudioAt ??= performance.now();
      this.receivedMedia.push({ audio: message.audio, atMs });
      this.speaker.enqueueAudio(message.audio, atMs);
    } else if (message.event === 'mark') {
      this.receivedMarks.push({ name: message.name, atMs });
      this.speaker.enqueueMark(message.name, atMs);
    } else {
      this.clears.push(atMs);
      this.speaker.clear(atMs);
      this.emit('clear');
    }
    this.waiters.check();
  }

  private echoMark(name: string, flushedByClear: boolean): void {
    this.echoedMarks.push({ name, atMs: this.clock.now(), flushedByClear, playedMs: this.speaker.playedMs });
    this.send(this.writer.mark(name));
    this.emit('mark', name, flushedByClear);
  }

  /** New TwiML replaces the stream (a `<Dial>`: the caller is transferred); a hang-up ends it; a no-op update (`canceled` while in progress) does nothing. */
  private callUpdated(update: CallUpdateRecord): void {
    if (this.ended) return;
    if (update.twiml !== undefined) {
      this.replacement = parseTwiml(update.twiml);
      const dialed = this.transferredTo;
      if (dialed) this.emit('transferred', dialed);
    } else if (!this.init.line.call.ended) {
      return;
    }
    this.endStream('call-update');
  }

  private endStream(by: StreamEndedBy): void {
    if (this.ended) return;
    this.ended = { by };
    this.catchUp();
    this.clock.stop();
    this.send(this.writer.stop());
    this.socket.close(CLOSE_NORMAL, by === 'caller' ? 'caller hung up' : 'call updated');
  }

  private socketClosed(code: number, reason: string): void {
    this.ended = { by: this.ended?.by ?? 'application', code, reason };
    this.clock.stop();
    this.stopListeningForUpdates();
    this.microphone.abandon(new Error(`The call's media stream ended (${this.ended.by}) before the caller finished speaking.`));
    if (this.ended.by === 'application') void this.continueCall();
    else this.callGoesOn({ verbs: [] });
    this.emit('closed', code, reason);
    this.waiters.fail(new Error(`The call's media stream ended (${this.ended.by}, close code ${code}).`));
  }

  private async continueCall(): Promise<void> {
    const next = await this.init.afterStream();
    this.continuedWith = next;
    const dialed = this.transferredTo;
    if (dialed) this.emit('transferred', dialed);
    this.callGoesOn(next);
  }

  /** With nothing left to run the call ends; a person dialed keeps the caller on the line. */
  private callGoesOn(next: AfterStream): void {
    if (!this.transferredTo) this.init.line.hangUp();
    this.continued(next);
  }

  private catchUp(): void {
    if (!this.ended) this.speaker.advanceTo(this.clock.now());
  }

  private send(message: TwilioStreamMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
