import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { mulawSilence, mulawTone, splitIntoFrames } from '../../../simulators/realtime';

/** What the media-edge sends on a Twilio stream. */
export type TwilioOutboundMessage =
  | { event: 'media'; streamSid: string; media: { payload: string } }
  | { event: 'mark'; streamSid: string; mark: { name: string } }
  | { event: 'clear'; streamSid: string };

type PlaybackEntry = { kind: 'audio'; bytes: number } | { kind: 'mark'; name: string };

const FRAME_MS = 20;
const BYTES_PER_MS = 8;
const PLAYBACK_TICK_MS = 10;

/**
 * A minimal Twilio Media Streams client (protocols.md §2): it sends
 * connected/start/media/dtmf/stop frames like Twilio, and plays the agent's
 * audio like Twilio does: a FIFO drained at 8 bytes/ms whose marks are echoed
 * when playback reaches them, and which a `clear` empties while echoing every
 * pending mark at once. Audio frames are sent as fast as the socket takes
 * them: the Realtime simulator's VAD runs on the audio clock, not wall time.
 */
export class TwilioStreamClient {
  readonly streamSid = `MZ${randomBytes(16).toString('hex')}`;
  readonly received: TwilioOutboundMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Agent audio received, in bytes of μ-law. */
  agentAudioBytes = 0;
  /** Agent audio received before the last mark this client echoed from playback (not from a clear). */
  bytesBeforeLastPlayedMark = 0;
  private readonly playback: PlaybackEntry[] = [];
  private readonly bytesBeforeMark = new Map<string, number>();
  private playbackBudget = 0;
  private playbackTimer: NodeJS.Timeout | undefined;
  private paused = false;
  private sequenceNumber = 0;
  private chunk = 0;
  private timestampMs = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as TwilioOutboundMessage));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        clearInterval(this.playbackTimer);
        resolve({ code, reason: String(reason) });
      }),
    );
  }

  static connect(url: string): Promise<TwilioStreamClient> {
    const socket = new WebSocket(url);
    const client = new TwilioStreamClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** `connected` then `start`, with the stream token as a custom parameter (omitted when undefined). */
  async start(callSid: string, token: string | undefined): Promise<void> {
    await this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    await this.send({
      event: 'start',
      sequenceNumber: this.nextSequenceNumber(),
      streamSid: this.streamSid,
      start: {
        accountSid: `AC${'0'.repeat(32)}`,
        streamSid: this.streamSid,
        callSid,
        tracks: ['inbound'],
        customParameters: token === undefined ? {} : { token },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    this.playbackTimer = setInterval(() => this.play(PLAYBACK_TICK_MS), PLAYBACK_TICK_MS);
  }

  /** Sends μ-law as 20 ms media frames. */
  async sendAudio(mulaw: Buffer): Promise<void> {
    for (const frame of splitIntoFrames(mulaw, FRAME_MS)) {
      await this.send({
        event: 'media',
        sequenceNumber: this.nextSequenceNumber(),
        streamSid: this.streamSid,
        media: { track: 'inbound', chunk: String(++this.chunk), timestamp: String(this.timestampMs), payload: frame.toString('base64') },
      });
      this.timestampMs += frame.length / BYTES_PER_MS;
    }
  }

  /** An utterance the VAD hears: a loud tone, then enough silence (0xFF frames) to end the turn. */
  speak(toneMs = 400, silenceMs = 800): Promise<void> {
    return this.sendAudio(Buffer.concat([mulawTone(toneMs, 440, 0.5), mulawSilence(silenceMs)]));
  }

  dtmf(digit: string): Promise<void> {
    return this.send({ event: 'dtmf', sequenceNumber: this.nextSequenceNumber(), streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } });
  }

  stop(): Promise<void> {
    return this.send({
      event: 'stop',
      sequenceNumber: this.nextSequenceNumber(),
      streamSid: this.streamSid,
      stop: { accountSid: `AC${'0'.repeat(32)}`, callSid: 'unused' },
    });
  }

  /** Any text frame, e.g. a malformed one. */
  sendRaw(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(text, (error) => (error ? reject(error) : resolve())));
  }

  /** Freezes playback (no more mark echoes) until a clear or the end. */
  pausePlayback(): void {
    this.paused = true;
  }

  /** Nothing left to play. */
  get playbackIdle(): boolean {
    return this.playback.length === 0;
  }

  ofEvent<E extends TwilioOutboundMessage['event']>(event: E): Array<Extract<TwilioOutboundMessage, { event: E }>> {
    return this.received.filter((message): message is Extract<TwilioOutboundMessage, { event: E }> => message.event === event);
  }

  close(): void {
    clearInterval(this.playbackTimer);
    this.socket.close();
  }

  private receive(message: TwilioOutboundMessage): void {
    this.received.push(message);
    if (message.event === 'media') {
      const bytes = Buffer.from(message.media.payload, 'base64').length;
      this.agentAudioBytes += bytes;
      this.playback.push({ kind: 'audio', bytes });
    } else if (message.event === 'mark') {
      this.bytesBeforeMark.set(message.mark.name, this.agentAudioBytes);
      this.playback.push({ kind: 'mark', name: message.mark.name });
    } else {
      // Twilio flushes its buffer and echoes every pending mark at once.
      const pending = this.playback.splice(0);
      for (const entry of pending) if (entry.kind === 'mark') this.echoMark(entry.name);
      this.playbackBudget = 0;
      this.paused = false;
    }
  }

  private play(elapsedMs: number): void {
    if (this.paused) return;
    this.playbackBudget += elapsedMs * BYTES_PER_MS;
    while (this.playback.length) {
      const next = this.playback[0];
      if (next.kind === 'mark') {
        this.playback.shift();
        this.bytesBeforeLastPlayedMark = this.bytesBeforeMark.get(next.name) ?? 0;
        this.echoMark(next.name);
      } else if (next.bytes <= this.playbackBudget) {
        this.playbackBudget -= next.bytes;
        this.playback.shift();
      } else {
        next.bytes -= this.playbackBudget;
        this.playbackBudget = 0;
        return;
      }
    }
    this.playbackBudget = 0;
  }

  private echoMark(name: string): void {
    void this.send({ event: 'mark', sequenceNumber: this.nextSequenceNumber(), streamSid: this.streamSid, mark: { name } }).catch(() => undefined);
  }

  private send(message: object): Promise<void> {
    return this.sendRaw(JSON.stringify(message));
  }

  private nextSequenceNumber(): string {
    return String(++this.sequenceNumber);
  }
}
