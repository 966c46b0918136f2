import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_SIGNALS_IN_FLIGHT } from '../../../libs/config/src/env';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { mayScrapeMetrics, refuseScrape } from '../../../libs/metrics/src/metrics-access';
import { createLogger } from '../../../libs/logging/src/logger';
import type { RealtimeBackend } from '../../../libs/realtime/src/realtime-session';
import type { EncryptionKey } from '../../../libs/encryption/src/key-ring';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import { AgentProfiles } from './agent-profiles';
import { serveBrowserCall } from './browser-leg';
import { CallBridge, type BridgeServices } from './call-bridge';
import type { LegContext } from './leg-context';
import { MediaEdgeMetrics } from './metrics';
import { SignalGate } from './signal-gate';
import { admitStream } from './stream-admission';
import { StreamClaims } from './stream-claims';
import { serveTwilioStream } from './twilio-leg';

export interface MediaEdgeOptions {
  /** 0: a free port. */
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  calls: CallsClient;
  db: PrismaClient;
  /** The speech-to-speech backend every call talks to (main.ts picks the adapter). */
  realtime: RealtimeBackend;
  /** Verifies the stream tokens the API signs. */
  streamTokenSecret: string;
  recordingsDir: string;
  /** Recordings are encrypted under it; without one they are plain WAV files. */
  recordingKey?: EncryptionKey;
  /** Signal RPCs to Temporal in flight at once, over all calls (`MEDIA_EDGE_SIGNALS_IN_FLIGHT`). */
  signalsInFlight?: number;
  /** `METRICS_TOKEN`: when set, a scrape of /metrics must show it. */
  metricsToken?: string;
  logger?: Logger;
}

export interface MediaEdge {
  /** ws://127.0.0.1:<port>; the routes are /media (Twilio) and /browser. */
  url: string;
  port: number;
  metrics: MediaEdgeMetrics;
  /** The prom-client registry served on GET /metrics. */
  registry: Registry;
  /** Stops accepting streams, ends every bridge (each signals mediaDisconnected), closes the server. */
  close(): Promise<void>;
}

const ROUTES: Record<string, (socket: WebSocket, context: LegContext) => void> = {
  '/media': serveTwilioStream,
  '/browser': serveBrowserCall,
};

/** Largest WebSocket message accepted: a Twilio frame is ~400 bytes, a 100 ms browser frame 4.8 KB. */
const MAX_MESSAGE_BYTES = 256 * 1024;

/** The media-edge's HTTP + WebSocket server (plain `ws` and node:http: no framework on the media path). */
export async function startMediaEdge(options: MediaEdgeOptions): Promise<MediaEdge> {
  const log = options.logger ?? createLogger('media-edge');
  const metrics = new MediaEdgeMetrics();
  /** The live bridge of each call on this instance (one at most: `admit` refuses a second). */
  const bridges = new Map<string, CallBridge>();
  const services: BridgeServices = {
    calls: options.calls,
    db: options.db,
    streamClaims: new StreamClaims(options.db, metrics, log),
    profiles: new AgentProfiles(options.db, log),
    realtime: options.realtime,
    recordingsDir: options.recordingsDir,
    recordingKey: options.recordingKey,
    metrics,
    signalGate: new SignalGate(options.signalsInFlight ?? DEFAULT_SIGNALS_IN_FLIGHT),
    log,
  };
  const context: LegContext = {
    admit(token, callSid) {
      const admission = admitStream(token, callSid, options.streamTokenSecret);
      // Twilio opens one stream per call: a second start for a live call carries a replayed or leaked token.
      // Checked here for free; the bridge's claim (stream-claims.ts) checks every instance.
      return admission.ok && bridges.has(callSid) ? { ok: false, reason: 'duplicate' } : admission;
    },
    metrics,
    log,
    openBridge(call) {
      const bridge = new CallBridge(services, call);
      bridges.set(call.callSid, bridge);
      void bridge.ended.then(() => bridges.delete(call.callSid));
      // A bridge handles its own failures; this only guards the process against a bug.
      bridge.start().catch((error: unknown) => log.error({ err: error, callSid: call.callSid }, 'call bridge crashed'));
      return bridge;
    },
  };

  // Every text frame goes through JSON.parse (a malformed one is dropped and counted): a UTF-8 check first would only cost time.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, skipUTF8Validation: true });
  const http = createServer((request, response) => {
    serveHttp(request, response, metrics, options.metricsToken).catch((error: unknown) => {
      log.error({ err: error }, 'HTTP request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const serve = ROUTES[new URL(request.url ?? '/', 'http://media-edge').pathname];
    if (!serve) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, context));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    metrics,
    registry: metrics.registry,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await Promise.all([...bridges.values()].map((bridge) => bridge.shutdown()));
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

async function serveHttp(request: IncomingMessage, response: ServerResponse, metrics: MediaEdgeMetrics, metricsToken: string | undefined): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://media-edge').pathname;
  if (request.method === 'GET' && path === '/healthz') {
    const activeCalls = (await metrics.activeCalls.get()).values[0]?.value ?? 0;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', activeCalls }));
    return;
  }
  if (request.method === 'GET' && path === '/metrics') {
    if (!mayScrapeMetrics(request.headers.authorization, metricsToken)) {
      refuseScrape(response);
      return;
    }
    response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(await metrics.registry.metrics());
    return;
  }
  response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
}
