import { WebSocket } from 'ws';

/** JSON events the media-edge sends a web page. */
export type BrowserEvent =
  | { event: 'mark'; name: string }
  | { event: 'clear' }
  | { event: 'transcript'; role: 'caller' | 'agent'; text: string }
  | { event: 'tool'; callId: string; name: string; args: unknown; state: string; result?: unknown }
  | { event: 'confirm'; callId: string; name: string; args: unknown };

/** 20 ms of PCM16 at 24 kHz. */
export const BROWSER_FRAME_SAMPLES = 480;

/**
 * What a web page does on `/browser`: a JSON `start` with the stream token,
 * then binary PCM16LE 24 kHz frames; it collects the agent's binary audio
 * and JSON events, echoes every mark at once (a page with no playback
 * model: everything counts as played on arrival), and answers every
 * confirmation with `approveTools`.
 */
export class BrowserCallClient {
  readonly events: BrowserEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  agentSamples = 0;
  agentFrames = 0;

  private constructor(
    private readonly socket: WebSocket,
    private readonly approveTools: boolean,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.agentSamples += (data as Buffer).length / 2;
        this.agentFrames++;
        return;
      }
      const event = JSON.parse(String(data)) as BrowserEvent;
      this.events.push(event);
      if (event.event === 'mark') void this.sendJson({ event: 'mark', name: event.name }).catch(() => undefined);
      if (event.event === 'confirm') void this.sendJson({ event: 'confirmation', callId: event.callId, approved: this.approveTools }).catch(() => undefined);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string, options: { approveTools?: boolean } = {}): Promise<BrowserCallClient> {
    const socket = new WebSocket(url);
    const client = new BrowserCallClient(socket, options.approveTools ?? true);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  start(callSid: string, token: string): Promise<void> {
    return this.sendJson({ event: 'start', callSid, token });
  }

  /** Sends PCM16 24 kHz in 20 ms binary frames. */
  async sendPcm(samples: Int16Array): Promise<void> {
    for (let offset = 0; offset < samples.length; offset += BROWSER_FRAME_SAMPLES) {
      const frame = samples.subarray(offset, offset + BROWSER_FRAME_SAMPLES);
      await this.sendBinary(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    }
  }

  transcripts(): Array<{ role: string; text: string }> {
    return this.events.flatMap((event) => (event.event === 'transcript' ? [{ role: event.role, text: event.text }] : []));
  }

  stop(): Promise<void> {
    return this.sendJson({ event: 'stop' });
  }

  close(): void {
    this.socket.close();
  }

  private sendJson(message: object): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve())));
  }

  private sendBinary(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, { binary: true }, (error) => (error ? reject(error) : resolve())));
  }
}

/** An utterance at 24 kHz: a loud 440 Hz tone, then silence. */
export function pcm24kUtterance(toneMs: number, silenceMs: number): Int16Array {
  const samplesPerMs = 24;
  const samples = new Int16Array((toneMs + silenceMs) * samplesPerMs);
  for (let i = 0; i < toneMs * samplesPerMs; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / 24_000) * 0.5 * 32767);
  return samples;
}
