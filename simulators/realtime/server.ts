import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { invalidRequest, type RealtimeErrorDetails } from './client-events';
import { EphemeralKeys, type IssuedKey } from './client-secrets';
import { newId } from './ids';
import type { PlanFactory } from './plan';
import type { ServerFault } from './server-faults';
import { RealtimeSession, type ServerLatency, type SessionRecord } from './session';
import { DEFAULT_SPEECH_TIMING, type SpeechTiming } from './speech-synthesis';

export interface RealtimeSimulatorOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Chooses each connection's conversation plan, e.g. `playScript(script)` or `genericAgent`. */
  plan: PlanFactory;
  /** The key clients must send as `Authorization: Bearer …`; default `sk-realtime-simulator`. */
  apiKey?: string;
  timing?: Partial<SpeechTiming>;
  /** How long the server takes to answer, beyond the speech timing; default none. */
  latency?: Partial<ServerLatency>;
  /** Where a fault that ends a session is reported, one line each; default stderr. */
  log?: (line: string) => void;
  /** How many closed sessions keep their records in `sessions` (a long-running stack bounds it); default all. */
  keepClosedSessions?: number;
}

/** WS close code the real server uses after refusing the beta interface (protocols.md §3.1). */
const BETA_REJECTED_CLOSE_CODE = 4000;
const INTERNAL_ERROR_CLOSE_CODE = 1011;

/**
 * An OpenAI Realtime API (GA) server on 127.0.0.1: the WebSocket at
 * `/v1/realtime?model=…` and `POST /v1/realtime/client_secrets`.
 */
export class RealtimeSimulator {
  /** How long the server takes to answer, and how its voice is timed; both apply to the connections opened from then on. */
  latency: Partial<ServerLatency>;
  timing: SpeechTiming;
  private readonly connections: Array<{ session: RealtimeSession; socket: WebSocket }> = [];
  private readonly ephemeralKeys = new EphemeralKeys();
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly log: (line: string) => void;
  private readonly responseFaults: ServerFault[] = [];
  private sessionsOpened = 0;

  private constructor(
    private readonly http: Server,
    private readonly options: RealtimeSimulatorOptions & { apiKey: string },
  ) {
    this.timing = { ...DEFAULT_SPEECH_TIMING, ...options.timing };
    this.latency = { ...options.latency };
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    http.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.serveRest(request, response).catch((error: unknown) =>
        sendJson(response, 500, { error: { type: 'server_error', code: null, message: String(error), param: null } }),
      ),
    );
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  static async start(options: RealtimeSimulatorOptions): Promise<RealtimeSimulator> {
    const http = createServer();
    const simulator = new RealtimeSimulator(http, { ...options, apiKey: options.apiKey ?? 'sk-realtime-simulator' });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    return simulator;
  }

  get apiKey(): string {
    return this.options.apiKey;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/v1/realtime`;
  }

  /** For `new OpenAI({ baseURL })`. */
  get restBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** One record per accepted connection, in connection order. */
  get sessions(): readonly SessionRecord[] {
    return this.connections.map((connection) => connection.session.record);
  }

  /** Session #i gets an `error` event the server raises on its own (e.g. {@link SERVER_ERROR}); it stays open. */
  raiseError(sessionIndex: number, fault: ServerFault): void {
    this.connection(sessionIndex).session.raise(fault);
  }

  /**
   * The next `count` responses, on whichever connection, fail as the server
   * fails them: `response.created`, then `response.done` with status
   * `failed` and `fault` in its `status_details.error`. The plan's reply
   * waits for the next response.
   */
  failResponses(count: number, fault: ServerFault): void {
    for (let i = 0; i < count; i++) this.responseFaults.push(fault);
  }

  /** Kills the socket of a session abruptly, without a close frame (the client sees 1006). */
  dropConnection(sessionIndex: number): void {
    const connection = this.connection(sessionIndex);
    connection.socket.terminate();
    connection.session.connectionClosed();
  }

  /** Sends any text frame to a session's client, as a misbehaving server would: what the client must survive. */
  sendRaw(sessionIndex: number, text: string): void {
    const connection = this.connections[sessionIndex];
    if (!connection) throw new Error(`No session #${sessionIndex} (there are ${this.connections.length}).`);
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(text);
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.http.close((error) => (error ? reject(error) : resolve())));
  }

  private connection(sessionIndex: number): { session: RealtimeSession; socket: WebSocket } {
    const connection = this.connections[sessionIndex];
    if (!connection) throw new Error(`No session #${sessionIndex} (there are ${this.connections.length}).`);
    return connection;
  }

  private get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/v1/realtime') return rejectUpgrade(socket, 404, invalidRequest('not_found', `Invalid URL (GET ${url.pathname})`));
    const key = bearerToken(request);
    const ephemeral = key === undefined ? undefined : this.ephemeralKeys.lookup(key);
    if (key !== this.apiKey && !ephemeral) return rejectUpgrade(socket, 401, incorrectApiKey(key));
    const model = url.searchParams.get('model') ?? ephemeral?.session?.model;
    if (!model) return rejectUpgrade(socket, 400, invalidRequest('missing_required_parameter', "Missing required parameter: 'model'.", 'model'));
    const upgrade = () =>
      this.sockets.handleUpgrade(request, socket, head, (ws) => {
        if (String(request.headers['openai-beta'] ?? '').includes('realtime=v1')) return rejectBetaInterface(ws);
        this.accept(ws, model, ephemeral);
      });
    const connectMs = this.latency.connectMs ?? 0;
    if (connectMs > 0) setTimeout(upgrade, connectMs);
    else upgrade();
  }

  private accept(socket: WebSocket, model: string, ephemeral: IssuedKey | undefined): void {
    const number = ++this.sessionsOpened;
    const send = (text: string) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    };
    const connection = {
      send,
      fault: (error: unknown) => {
        this.log(`Realtime simulator: session #${number} failed and its connection was closed: ${describeFault(error)}`);
        const details = { type: 'server_error', code: 'simulator_fault', message: 'The simulated model failed.', param: null, event_id: null };
        send(JSON.stringify({ type: 'error', event_id: newId('event'), error: details }));
        socket.close(INTERNAL_ERROR_CLOSE_CODE, 'simulator fault');
      },
    };
    const session = new RealtimeSession(connection, {
      model,
      plan: this.options.plan,
      timing: this.timing,
      sessionUpdatedMs: this.latency.sessionUpdatedMs,
      initialSession: ephemeral?.session,
      responseFault: () => this.responseFaults.shift(),
    });
    this.connections.push({ session, socket });
    socket.on('message', (data) => session.receive(String(data)));
    socket.on('error', (error) => this.log(`Realtime simulator: session #${number} socket error: ${error.message}`));
    socket.on('close', () => {
      session.connectionClosed();
      this.forgetClosedSessions();
    });
    session.open();
  }

  private forgetClosedSessions(): void {
    const keep = this.options.keepClosedSessions;
    if (keep === undefined) return;
    const closed = this.connections.filter((connection) => connection.session.record.closed);
    for (const old of closed.slice(0, Math.max(0, closed.length - keep))) this.connections.splice(this.connections.indexOf(old), 1);
  }

  private async serveRest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'POST' || path !== '/v1/realtime/client_secrets') {
      return sendJson(response, 404, { error: invalidRequest('not_found', `Invalid URL (${request.method} ${path})`) });
    }
    const key = bearerToken(request);
    if (key !== this.apiKey) return sendJson(response, 401, { error: incorrectApiKey(key) });
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request)) || '{}');
    } catch {
      return sendJson(response, 400, { error: invalidRequest('invalid_json', 'The request body is not valid JSON.') });
    }
    const result = this.ephemeralKeys.create(body);
    sendJson(response, result.ok ? 200 : 400, result.ok ? result.body : { error: result.error });
  }
}

/** The error and where it was thrown, on one line. */
function describeFault(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const thrownAt = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
  return thrownAt ? `${error.message} (${thrownAt})` : error.message;
}

function bearerToken(request: IncomingMessage): string | undefined {
  return request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
}

function incorrectApiKey(key: string | undefined): RealtimeErrorDetails {
  const message = key ? `Incorrect API key provided: ${key.slice(0, 6)}…` : "You didn't provide an API key (Authorization: Bearer …).";
  return invalidRequest('invalid_api_key', message);
}

function rejectUpgrade(socket: Duplex, status: number, error: RealtimeErrorDetails): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The beta interface is retired: an `error` event, then close 4000. */
function rejectBetaInterface(socket: WebSocket): void {
  const error = invalidRequest(
    'beta_api_shape_disabled',
    'The Realtime beta interface (OpenAI-Beta: realtime=v1) is disabled. Use the GA interface without the beta header.',
  );
  socket.send(JSON.stringify({ type: 'error', event_id: newId('event'), error: { ...error, event_id: null } }));
  socket.close(BETA_REJECTED_CLOSE_CODE, 'beta_api_shape_disabled');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
