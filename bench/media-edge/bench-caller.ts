import { WebSocket } from 'ws';
import { callerPayloadAt, payloadDurationMs, SILENCE_PAYLOAD } from './caller-audio';
import { FRAME_MS } from './conversation-plan';
import { stampClockUs, stampPayload, usSinceStamp } from './frame-stamp';
import type { LatencySamples } from './latency-samples';

export interface CallerIdentity {
  callSid: string;
  streamSid: string;
  /** Signed by the bench as the API would; checked by the media-edge on `start`. */
  streamToken: string;
  /**
   * Frames of silence between the conversations beginning and this caller's
   * first cycle, so calls do not talk in lockstep (each caller still starts
   * with the utterance that opens a cycle).
   */
  startDelayFrames: number;
}

/** What one caller counted. */
export interface CallerCounts {
  framesSent: number;
  mediaReceived: number;
  clearsReceived: number;
}

type EdgeMessage = { event: 'media'; media: { payload: string } } | { event: 'mark'; mark: { name: string } } | { event: 'clear' };

/**
 * A lean Twilio Media Streams caller: `connected` + `start`, then a 20 ms
 * μ-law frame every 20 ms, on the fleet's clock, from the moment the agent's
 * first audio arrived (the bridge's Realtime session is up by then: earlier
 * frames would have nowhere to go). Agent audio is "played" on a clock: a
 * mark is echoed when playback reaches it, and a `clear` echoes every pending
 * mark at once, as Twilio does. Every frame is stamped with its send time,
 * and every agent frame's stamp tells how long it took to arrive.
 */
export class BenchCaller {
  readonly counts: CallerCounts = { framesSent: 0, mediaReceived: 0, clearsReceived: 0 };
  /** Set when the first agent audio arrived. */
  readonly up: Promise<void>;
  private markUp!: () => void;
  private state: 'waiting' | 'streaming' | 'stopped' = 'waiting';
  private playbackEndsAtMs = 0;
  private readonly pendingMarks: Array<{ name: string; dueAtMs: number }> = [];
  private sequenceNumber = 0;
  private closedUnexpectedly = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly identity: CallerIdentity,
    private readonly toCallerLatency: LatencySamples,
  ) {
    this.up = new Promise((resolve) => (this.markUp = resolve));
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as EdgeMessage, stampClockUs()));
    socket.on('close', () => (this.closedUnexpectedly ||= this.state === 'streaming'));
  }

  static connect(url: string, identity: CallerIdentity, toCallerLatency: LatencySamples): Promise<BenchCaller> {
    // A zero mask: ws then writes the text as is instead of XOR-ing a copy (the loopback needs no masking against proxies).
    const socket = new WebSocket(url, { perMessageDeflate: false, generateMask: (mask) => void mask.fill(0) });
    const caller = new BenchCaller(socket, identity, toCallerLatency);
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => {
        caller.sendStart();
        resolve(caller);
      });
    });
  }

  get callSid(): string {
    return this.identity.callSid;
  }

  get isUp(): boolean {
    return this.state !== 'waiting';
  }

  get droppedOff(): boolean {
    return this.closedUnexpectedly;
  }

  /**
   * This caller's turn on the fleet's clock, every 20 ms: a frame (silence
   * until its conversation begins, `startDelayFrames` after the fleet's),
   * then the marks playback has reached.
   */
  tick(conversationFrame: number | undefined, nowMs: number): void {
    if (this.state === 'streaming') {
      const ownFrame = conversationFrame === undefined ? -1 : conversationFrame - this.identity.startDelayFrames;
      this.sendFrame(ownFrame < 0 ? SILENCE_PAYLOAD : callerPayloadAt(ownFrame));
    }
    while (this.pendingMarks.length > 0 && this.pendingMarks[0].dueAtMs <= nowMs) this.echoMark(this.pendingMarks.shift()!.name);
  }

  /** No more frames (marks are still echoed). */
  stopSending(): void {
    this.state = 'stopped';
  }

  /** Twilio's `stop`, then the socket closes. */
  hangUp(): void {
    this.state = 'stopped';
    this.send(JSON.stringify({ event: 'stop', sequenceNumber: this.nextSequenceNumber(), streamSid: this.identity.streamSid, stop: { callSid: this.identity.callSid } }));
    this.socket.close(1000, 'call ended');
  }

  private sendStart(): void {
    const { callSid, streamSid, streamToken } = this.identity;
    this.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    this.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: this.nextSequenceNumber(),
        streamSid,
        start: {
          streamSid,
          callSid,
          tracks: ['inbound'],
          customParameters: { token: streamToken },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      }),
    );
  }

  private sendFrame(audio: string): void {
    const chunk = ++this.counts.framesSent;
    const payload = stampPayload(audio);
    // Built by hand like Twilio's frame: every field is digits, base64 or an id, so nothing needs escaping.
    this.send(
      `{"event":"media","sequenceNumber":"${this.nextSequenceNumber()}","media":{"track":"inbound","chunk":"${chunk}","timestamp":"${chunk * FRAME_MS}","payload":"${payload}"},"streamSid":"${this.identity.streamSid}"}`,
    );
  }

  private receive(message: EdgeMessage, receivedAtUs: number): void {
    const nowMs = performance.now();
    switch (message.event) {
      case 'media':
        this.counts.mediaReceived++;
        this.toCallerLatency.record(usSinceStamp(message.media.payload, receivedAtUs));
        this.playbackEndsAtMs = Math.max(this.playbackEndsAtMs, nowMs) + payloadDurationMs(message.media.payload);
        if (this.state === 'waiting') {
          this.state = 'streaming';
          this.markUp();
        }
        return;
      case 'mark':
        this.pendingMarks.push({ name: message.mark.name, dueAtMs: this.playbackEndsAtMs });
        return;
      case 'clear':
        this.counts.clearsReceived++;
        this.playbackEndsAtMs = nowMs;
        for (const { name } of this.pendingMarks.splice(0)) this.echoMark(name);
        return;
    }
  }

  private echoMark(name: string): void {
    this.send(`{"event":"mark","sequenceNumber":"${this.nextSequenceNumber()}","streamSid":"${this.identity.streamSid}","mark":{"name":${JSON.stringify(name)}}}`);
  }

  private send(text: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  private nextSequenceNumber(): number {
    return ++this.sequenceNumber;
  }
}
