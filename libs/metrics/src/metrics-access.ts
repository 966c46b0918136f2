import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Whether a scrape of `/metrics` may read it: always without `METRICS_TOKEN`,
 * else with `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's
 * `authorization` scrape setting). The API, the media-edge and the worker
 * all ask this.
 */
export function mayScrapeMetrics(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  // Digests are of equal length, so the comparison takes as long whatever was sent.
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** What a refused scrape is told, with its RFC 6750 challenge. */
export const METRICS_REFUSAL = {
  challenge: 'Bearer realm="metrics"',
  message: '/metrics needs Authorization: Bearer <METRICS_TOKEN>',
};

/** The refusal, on a plain Node HTTP server (the media-edge's, the worker's). */
export function refuseScrape(response: ServerResponse): void {
  response.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': METRICS_REFUSAL.challenge }).end(JSON.stringify({ error: METRICS_REFUSAL.message }));
}

const digest = (value: string) => createHash('sha256').update(value).digest();
