import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { mayScrapeMetrics, refuseScrape } from '../../../libs/metrics/src/metrics-access';

export interface MetricsServerOptions {
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** `METRICS_TOKEN`: when set, a scrape must show it. */
  token?: string;
}

/** `GET /metrics` (Prometheus) and `GET /healthz` for the worker, which has no other HTTP surface. */
export async function startMetricsServer(registry: Registry, { port, host = '0.0.0.0', token }: MetricsServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method === 'GET' && path === '/metrics') {
      if (!mayScrapeMetrics(request.headers.authorization, token)) {
        refuseScrape(response);
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error)),
      );
      return;
    }
    if (request.method === 'GET' && path === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
