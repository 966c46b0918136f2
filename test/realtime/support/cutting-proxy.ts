import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/**
 * A WebSocket relay in front of the Realtime simulator that cuts a client's
 * connection abruptly when the client sends a message of a given type, before
 * the simulator sees it: for drops at moments the simulator cannot be stopped at.
 */
export class CuttingProxy {
  /** Connections cut so far. */
  cuts = 0;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly target: string,
    private cutsLeft: number,
    private readonly cutOnType: string,
  ) {
    server.on('connection', (client, request) => this.relay(client, request));
  }

  /** Relays to `target` (a ws:// URL); the first `cuts` connections are cut at their first `cutOnType` message. */
  static async start(target: string, options: { cutOnType: string; cuts: number }): Promise<CuttingProxy> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new CuttingProxy(server, target, options.cuts, options.cutOnType);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/realtime`;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: WebSocket, request: IncomingMessage): void {
    const cutHere = this.cutsLeft > 0;
    if (cutHere) this.cutsLeft--;
    const upstream = new WebSocket(new URL(request.url ?? '/', this.target), { headers: { authorization: request.headers.authorization ?? '' } });
    const early: RawData[] = [];
    client.on('message', (data) => {
      if (cutHere && (JSON.parse(String(data)) as { type: string }).type === this.cutOnType) {
        this.cuts++;
        client.terminate();
        upstream.terminate();
        return;
      }
      if (upstream.readyState === WebSocket.OPEN) upstream.send(String(data));
      else early.push(data);
    });
    upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(String(data))));
    upstream.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(String(data)));
    upstream.on('close', () => client.terminate());
    upstream.on('error', () => client.terminate());
    client.on('close', () => upstream.terminate());
  }
}
