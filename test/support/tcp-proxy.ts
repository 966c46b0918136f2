import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

type Mode = 'relay' | 'cut' | 'mute';

/**
 * A TCP relay in front of a server (the Temporal frontend) whose network
 * can fail on demand: `cut()` resets every connection and refuses new ones;
 * `mute()` still carries requests to the server but loses its replies, so a
 * request takes effect while the client sees it time out. `restore()` drops
 * the connections that were muted (their byte streams lost data) and relays
 * again.
 */
export class TcpProxy {
  private mode: Mode = 'relay';
  private readonly connections = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  /** `target` is host:port. */
  static async start(target: string): Promise<TcpProxy> {
    const [host, port] = target.split(':');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new TcpProxy(server, { host, port: Number(port) });
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  cut(): void {
    this.mode = 'cut';
    this.dropConnections();
  }

  mute(): void {
    this.mode = 'mute';
  }

  restore(): void {
    if (this.mode === 'mute') this.dropConnections();
    this.mode = 'relay';
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'cut') return void client.resetAndDestroy();
    const upstream = connect(this.target);
    for (const socket of [client, upstream]) {
      this.connections.add(socket);
      socket.on('error', () => this.dropPair(client, upstream));
      socket.on('close', () => this.dropPair(client, upstream));
    }
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => this.mode === 'relay' && client.write(data));
  }

  private dropPair(client: Socket, upstream: Socket): void {
    for (const socket of [client, upstream]) {
      this.connections.delete(socket);
      socket.destroy();
    }
  }

  private dropConnections(): void {
    for (const socket of this.connections) socket.resetAndDestroy();
    this.connections.clear();
  }
}
