import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { WebSocket } from 'ws';

export interface OpenAIRealtimeSettings {
  /** GA endpoint, e.g. wss://api.openai.com/v1/realtime (the simulator's ws:// URL in tests). */
  url: string;
  apiKey: string;
  model: string;
}

export interface RealtimeSocketHandlers {
  /** Every server event, with the `process.hrtime.bigint()` reading taken when its frame arrived. */
  onEvent(event: RealtimeServerEvent, receivedAt: bigint): void;
  /** The socket closed or failed without us closing it. */
  onLost(detail: string): void;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One WebSocket to the OpenAI Realtime API (GA interface: a Bearer key and no
 * `OpenAI-Beta` header). Plain `ws` rather than the SDK's helper, so the URL
 * can be a local `ws://` simulator; the SDK's types check every event we send.
 */
export class RealtimeSocket {
  private closedByUs = false;

  private constructor(private readonly socket: WebSocket) {}

  /** Resolves once the socket is open; rejects when the server refuses it or does not answer. */
  static open(settings: OpenAIRealtimeSettings, handlers: RealtimeSocketHandlers): Promise<RealtimeSocket> {
    const url = new URL(settings.url);
    url.searchParams.set('model', settings.model);
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${settings.apiKey}` },
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      // Audio is base64 and the events are small: compressing them costs CPU and a zlib round trip per frame.
      perMessageDeflate: false,
      // Every message goes through JSON.parse, which copes with anything a UTF-8 check would reject.
      skipUTF8Validation: true,
    });
    const realtimeSocket = new RealtimeSocket(socket);
    return new Promise((resolve, reject) => {
      const fail = (detail: string) => {
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(new Error(`Realtime connection failed: ${detail}`));
      };
      socket.once('unexpected-response', (_request, response) => fail(`HTTP ${response.statusCode}`));
      socket.once('error', (error) => fail(error.message));
      socket.once('close', (code) => fail(`closed with ${code} before opening`));
      socket.once('open', () => {
        socket.removeAllListeners();
        realtimeSocket.listen(handlers);
        resolve(realtimeSocket);
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(event: RealtimeClientEvent): void {
    if (this.isOpen) this.socket.send(JSON.stringify(event));
  }

  /** `input_audio_buffer.append`, ~50 a second per call: its JSON is built as one string, no object per frame. */
  appendAudio(base64: string): void {
    if (this.isOpen) this.socket.send(`{"type":"input_audio_buffer.append","audio":${JSON.stringify(base64)}}`);
  }

  /** A clean close (1000); `onLost` is not called for it. */
  close(): void {
    this.closedByUs = true;
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000, 'call ended');
  }

  private listen(handlers: RealtimeSocketHandlers): void {
    let lastError: string | undefined;
    this.socket.on('message', (data) => {
      const receivedAt = process.hrtime.bigint();
      let event: unknown;
      try {
        event = JSON.parse(String(data));
      } catch {
        return;
      }
      // Not an event at all (null, a number, no type): nothing to dispatch on.
      if (!isServerEvent(event)) return;
      handlers.onEvent(event, receivedAt);
    });
    this.socket.on('error', (error) => {
      lastError = error.message;
    });
    this.socket.on('close', (code, reason) => {
      if (!this.closedByUs) handlers.onLost(`closed with ${code}${reason.length ? ` (${String(reason)})` : ''}${lastError ? `: ${lastError}` : ''}`);
    });
  }
}

function isServerEvent(value: unknown): value is RealtimeServerEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
