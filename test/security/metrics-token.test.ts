import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMetricsServer } from '../../apps/worker/src/metrics-server';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { startApiServer, type ApiServer } from '../api/support/api-server';
import { startEdgeHarness, type EdgeHarness } from '../media-edge/support/media-edge-harness';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

const TOKEN = 'metrics-scrape-token-0123456789';
const WRONG = [undefined, 'Bearer not-the-token', TOKEN, `Bearer ${TOKEN}x`, `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`];

/** With METRICS_TOKEN set, each process's /metrics is read only with `Bearer <token>`; without the token it says how, and shows nothing. */
async function expectGuarded(baseUrl: string, metricName: string): Promise<void> {
  for (const authorization of WRONG) {
    const refused = await fetch(`${baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
    expect([authorization, refused.status, refused.headers.get('www-authenticate')]).toEqual([authorization, 401, 'Bearer realm="metrics"']);
    const body = await refused.text();
    expect(body).toContain('/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    expect(body).not.toContain(metricName);
  }
  const scraped = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toContain(metricName);
  // Health stays open: load balancers probe it without credentials.
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
}

describe('METRICS_TOKEN guards /metrics on every process', () => {
  let sb: TestSwitchboard;
  let api: ApiServer;
  let edge: EdgeHarness;
  let worker: Server;

  beforeAll(async () => {
    process.env.METRICS_TOKEN = TOKEN;
    api = await startApiServer();
    sb = await startTestSwitchboard();
    edge = await startEdgeHarness(sb, { turns: [] }, { metricsToken: TOKEN });
    worker = await startMetricsServer(new WorkerMetrics().registry, { port: 0, host: '127.0.0.1', token: TOKEN });
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await new Promise((resolve) => worker.close(resolve));
    await edge.close();
    await sb.shutdown();
    await api.close();
  });

  it('the API', () => expectGuarded(api.baseUrl, 'switchboard_lost_streams_total'));
  it('the media-edge', () => expectGuarded(edge.edge.url.replace(/^ws/, 'http'), 'media_edge_active_calls'));
  it('the worker', () => expectGuarded(`http://127.0.0.1:${(worker.address() as AddressInfo).port}`, 'switchboard_calls_total'));
});
