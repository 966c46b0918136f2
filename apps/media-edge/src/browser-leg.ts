import { WebSocket, type RawData } from 'ws';
import { mulawToPcm16, pcm16ToMulaw } from '../../../libs/audio/src/mulaw';
import { Downsampler24kTo8k, Upsampler8kTo24k } from '../../../libs/audio/src/resample';
import { browserMessageSchema, browserOutbound } from './browser-messages';
import { CloseCode, type CallerLeg } from './caller-leg';
import type { LegContext } from './leg-context';
import { secondsSince } from './metrics';
import { SocketLeg } from './socket-leg';
import type { ToolCallProgress, ToolCallRequest } from './tool-runner';

/** A confirmation nobody answers counts as a no: the tool does not run and the model is told. */
const CONFIRMATION_TIMEOUT_MS = 60_000;

/** Serves one web page's call (`/browser`). */
export function serveBrowserCall(socket: WebSocket, context: LegContext): void {
  new BrowserLeg(socket, context);
}

/**
 * A web page as the caller: PCM16 24 kHz in and out, transcoded here to and
 * from the μ-law 8 kHz every bridge speaks. Marks, clear, transcripts and
 * tool calls go to the page as JSON; the page answers the confirmations the
 * bridge asks for.
 */
class BrowserLeg extends SocketLeg implements CallerLeg {
  readonly transport = 'browser';
  private readonly downsampler = new Downsampler24kTo8k();
  private readonly upsampler = new Upsampler8kTo24k();
  /** Confirmations the page has not answered yet, by Realtime call id. */
  private readonly confirmations = new Map<string, (approved: boolean) => void>();

  constructor(socket: WebSocket, context: LegContext) {
    super(socket, context, 'browser');
    socket.on('close', () => {
      for (const answer of [...this.confirmations.values()]) answer(false);
    });
  }

  playAudio(payload: string): void {
    const pcm = this.upsampler.push(mulawToPcm16(Buffer.from(payload, 'base64')));
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }

  sendMark(name: string): void {
    this.send(browserOutbound.mark(name));
  }

  clearAudio(): void {
    this.send(browserOutbound.clear());
  }

  showTranscript(role: 'caller' | 'agent', text: string): void {
    this.send(browserOutbound.transcript(role, text));
  }

  showToolCall(progress: ToolCallProgress): void {
    this.send(browserOutbound.tool(progress));
  }

  confirmToolCall(call: ToolCallRequest): Promise<boolean> {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    return new Promise((resolve) => {
      const answer = (approved: boolean) => {
        clearTimeout(timer);
        this.confirmations.delete(call.callId);
        resolve(approved);
      };
      const timer = setTimeout(() => answer(false), CONFIRMATION_TIMEOUT_MS);
      this.confirmations.set(call.callId, answer);
      this.send(browserOutbound.confirm(call));
    });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
  }

  protected receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.callerAudio(data as Buffer, process.hrtime.bigint());
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return this.dropMalformed('not JSON');
    }
    const parsed = browserMessageSchema.safeParse(message);
    if (!parsed.success) return this.dropMalformed(parsed.error.issues[0]?.message ?? 'unknown shape');
    const frame = parsed.data;
    switch (frame.event) {
      case 'start':
        return this.begin(frame.callSid, frame.token);
      case 'mark':
        return this.bridge?.markPlayed(frame.name);
      case 'dtmf':
        return this.bridge?.dtmf(frame.digit);
      case 'confirmation':
        return this.confirmations.get(frame.callId)?.(frame.approved);
      case 'stop':
        this.hungUp = true;
        void this.bridge?.end('caller_hung_up');
        return this.close(CloseCode.normal, 'call ended');
    }
  }

  private callerAudio(frame: Buffer, receivedAt: bigint): void {
    if (!this.bridge) return;
    if (frame.length % 2 !== 0) return this.dropMalformed('odd-length PCM16 frame');
    const mulaw = pcm16ToMulaw(this.downsampler.push(pcm16LittleEndian(frame)));
    if (mulaw.length > 0) this.bridge.callerAudio(Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength).toString('base64'), receivedAt);
  }

  private begin(callSid: string, token: string): void {
    const receivedAt = process.hrtime.bigint();
    if (this.startSeen) return this.log.debug('second start ignored');
    this.startSeen = true;
    const admission = this.context.admit(token, callSid);
    if (!admission.ok) {
      this.context.metrics.rejectedStreams.inc({ reason: admission.reason });
      this.log.warn({ callSid, reason: admission.reason }, 'browser call rejected');
      return this.close(CloseCode.policyViolation, `invalid stream token: ${admission.reason}`);
    }
    this.context.metrics.streamSetupSeconds.observe({ phase: 'token_check' }, secondsSince(receivedAt));
    this.log = this.log.child({ callSid });
    const { tenantId, callerNumber } = admission.claims;
    this.bridge = this.context.openBridge({ callSid, tenantId, callerNumber, leg: this, admittedAt: process.hrtime.bigint() });
  }

  private dropMalformed(problem: string): void {
    this.malformedFrames.inc();
    this.log.debug({ problem }, 'malformed frame dropped');
  }

  private send(text: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }
}

/** The frame's samples (the platforms Node runs on are little-endian); copied only when the buffer is not 2-byte aligned. */
function pcm16LittleEndian(frame: Buffer): Int16Array {
  if (frame.byteOffset % 2 === 0) return new Int16Array(frame.buffer, frame.byteOffset, frame.length / 2);
  const samples = new Int16Array(frame.length / 2);
  new Uint8Array(samples.buffer).set(frame);
  return samples;
}
