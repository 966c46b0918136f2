import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { playScript, type ConversationScript, type SpeechTiming } from '../../simulators/realtime';
import { RealtimeSession } from '../../simulators/realtime/session';
import { stampClockUs, stampPayload, usSinceStamp } from './frame-stamp';
import { LatencySamples } from './latency-samples';

/** What the Realtime side saw of one call. */
export interface RealtimeCounts {
  appendsReceived: number;
  audioDeltasSent: number;
}

const API_KEY = 'sk-bench-realtime';
/** The media-edge puts the caller's number in the session instructions: that is how a session is matched to its call. */
const CALLER_NUMBER_IN_INSTRUCTIONS = /The caller's phone number is (\+\d+)/;
const AUDIO_DELTA = '"type":"response.output_audio.delta"';
const DELTA_FIELD = '"delta":"';

/**
 * The Realtime simulator's sessions (`simulators/realtime`: GA events,
 * energy VAD, scripted paced replies) behind a WebSocket server of the
 * bench's own, so it can count what crosses the wire per session: appends
 * received and audio deltas sent. Each delta it sends is stamped with its
 * send time, and each caller frame's stamp tells how long it took to arrive
 * (bench/media-edge/frame-stamp.ts). The simulator's per-event log of client
 * events is emptied as it goes: it would grow by 50 entries a second per call.
 */
export class RealtimeSide {
  /** Caller frame sent → its append received here, while measuring. */
  readonly toRealtimeLatency = new LatencySamples();
  private readonly sessions: Array<{ session: RealtimeSession; counts: RealtimeCounts }> = [];
  private readonly sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  private constructor(
    private readonly http: Server,
    private readonly options: { script: ConversationScript; timing: SpeechTiming },
  ) {
    http.on('upgrade', (request, socket, head) => {
      const model = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('model');
      if (request.headers.authorization !== `Bearer ${API_KEY}` || !model) return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      this.sockets.handleUpgrade(request, socket, head, (ws) => this.accept(ws, model));
    });
  }

  static async start(options: { script: ConversationScript; timing: SpeechTiming }): Promise<RealtimeSide> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', resolve);
    });
    return new RealtimeSide(http, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/v1/realtime`;
  }

  get apiKey(): string {
    return API_KEY;
  }

  /** Counts per caller number (a call whose Realtime socket was re-opened has its sessions summed). */
  countsByCaller(): Map<string, RealtimeCounts> {
    const byCaller = new Map<string, RealtimeCounts>();
    for (const { session, counts } of this.sessions) {
      const callerNumber = session.record.config.instructions.match(CALLER_NUMBER_IN_INSTRUCTIONS)?.[1] ?? 'unknown';
      const sum = byCaller.get(callerNumber) ?? { appendsReceived: 0, audioDeltasSent: 0 };
      byCaller.set(callerNumber, { appendsReceived: sum.appendsReceived + counts.appendsReceived, audioDeltasSent: sum.audioDeltasSent + counts.audioDeltasSent });
    }
    return byCaller;
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket, model: string): void {
    const counts: RealtimeCounts = { appendsReceived: 0, audioDeltasSent: 0 };
    const connection = {
      send(text: string) {
        if (socket.readyState !== WebSocket.OPEN) return;
        if (!text.includes(AUDIO_DELTA)) return socket.send(text);
        counts.audioDeltasSent++;
        socket.send(stampDelta(text));
      },
      fault(error: unknown) {
        console.error('Realtime session failed:', error);
        socket.terminate();
      },
    };
    const session = new RealtimeSession(connection, { model, plan: playScript(this.options.script), timing: this.options.timing });
    this.sessions.push({ session, counts });
    socket.on('message', (data) => {
      const receivedAtUs = stampClockUs();
      session.receive(String(data));
      // The session logs each JSON client event: count the appends from it, and keep the log empty.
      const received = session.record.clientEvents.pop();
      if (received?.type !== 'input_audio_buffer.append') return;
      counts.appendsReceived++;
      this.toRealtimeLatency.record(usSinceStamp(String(received.audio), receivedAtUs));
    });
    socket.on('close', () => session.connectionClosed());
    session.open();
  }
}

/** The delta's audio, stamped with the time it leaves. */
function stampDelta(text: string): string {
  const at = text.indexOf(DELTA_FIELD) + DELTA_FIELD.length;
  return text.slice(0, at) + stampPayload(text.slice(at));
}
