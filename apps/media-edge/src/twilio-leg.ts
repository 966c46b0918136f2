import { WebSocket, type RawData } from 'ws';
import { CloseCode, type CallerLeg } from './caller-leg';
import type { LegContext } from './leg-context';
import { secondsSince } from './metrics';
import { SocketLeg } from './socket-leg';
import { mediaPayloadOf, outboundTo, twilioMessageSchema, type TwilioStart } from './twilio-messages';

/** Serves one Twilio Media Streams WebSocket (`/media`). */
export function serveTwilioStream(socket: WebSocket, context: LegContext): void {
  new TwilioLeg(socket, context);
}

/**
 * The Twilio side of a call: JSON frames in, μ-law passed through untouched.
 * Nothing reaches a bridge before a `start` with a valid stream token.
 */
class TwilioLeg extends SocketLeg implements CallerLeg {
  readonly transport = 'twilio';
  private outbound = outboundTo('');

  constructor(socket: WebSocket, context: LegContext) {
    super(socket, context, 'twilio');
  }

  playAudio(payload: string): void {
    this.send(this.outbound.media(payload));
  }

  sendMark(name: string): void {
    this.send(this.outbound.mark(name));
  }

  clearAudio(): void {
    this.send(this.outbound.clear());
  }

  /** The phone shows no transcript. */
  showTranscript(): void {}

  showToolCall(): void {}

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
  }

  protected receive(data: RawData, isBinary: boolean): void {
    const receivedAt = process.hrtime.bigint();
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(String(data));
    } catch {
      return this.dropMalformed('not JSON');
    }
    const payload = mediaPayloadOf(message);
    if (payload !== undefined) {
      // Before a valid start there is no bridge: the frame is dropped.
      this.bridge?.callerAudio(payload, receivedAt);
      return;
    }
    const parsed = twilioMessageSchema.safeParse(message);
    if (!parsed.success) return this.dropMalformed(parsed.error.issues[0]?.message ?? 'unknown shape');
    const frame = parsed.data;
    switch (frame.event) {
      case 'connected':
        return;
      case 'media':
        return this.bridge?.callerAudio(frame.media.payload, receivedAt);
      case 'start':
        return this.begin(frame, receivedAt);
      case 'mark':
        return this.bridge?.markPlayed(frame.mark.name);
      case 'dtmf':
        return this.bridge?.dtmf(frame.dtmf.digit);
      case 'stop':
        this.hungUp = true;
        void this.bridge?.end('caller_hung_up');
        return this.close(CloseCode.normal, 'stream stopped');
    }
  }

  private begin(frame: TwilioStart, receivedAt: bigint): void {
    if (this.startSeen) return this.log.debug('second start ignored');
    this.startSeen = true;
    const { callSid, customParameters } = frame.start;
    const admission = this.context.admit(customParameters?.token, callSid);
    if (!admission.ok) {
      this.context.metrics.rejectedStreams.inc({ reason: admission.reason });
      this.log.warn({ callSid, reason: admission.reason }, 'stream rejected');
      return this.close(CloseCode.policyViolation, `invalid stream token: ${admission.reason}`);
    }
    this.context.metrics.streamSetupSeconds.observe({ phase: 'token_check' }, secondsSince(receivedAt));
    const { streamSid } = frame.start;
    this.outbound = outboundTo(streamSid);
    this.log = this.log.child({ callSid });
    const { tenantId, callerNumber, outbound } = admission.claims;
    this.bridge = this.context.openBridge({ callSid, tenantId, callerNumber, outbound, streamSid, leg: this, admittedAt: process.hrtime.bigint() });
  }

  private dropMalformed(problem: string): void {
    this.malformedFrames.inc();
    this.log.debug({ problem }, 'malformed frame dropped');
  }

  private send(text: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }
}
