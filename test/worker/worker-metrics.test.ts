import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMetricsServer } from '../../apps/worker/src/metrics-server';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import { callStatusSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

/** The value of one sample line, e.g. `switchboard_calls_total{outcome="information_provided"}`; 0 when absent. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('worker /metrics', () => {
  let sb: TestSwitchboard;
  let server: Server;
  let metricsUrl: string;

  beforeAll(async () => {
    const metrics = new WorkerMetrics();
    server = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sb = await startTestSwitchboard({ metrics });
  });
  afterAll(async () => {
    await sb.shutdown();
    await new Promise((resolve) => server.close(resolve));
  });

  const scrape = async () => (await fetch(`${metricsUrl}/metrics`)).text();

  it('counts a finished call by outcome, and times its tool and each activity', async () => {
    const input = inboundCall(await tenantIdOf(sb.db, AUTO_SHOP), AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const before = await scrape();
    const handle = await sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Where is your shop?'));
    await sb.calls.runTool(input.callSid, `call_metrics_${input.callSid}`, 'get_location', {});
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();

    const after = await scrape();
    const grew = (series: string) => sample(after, series) - sample(before, series);
    expect(grew('switchboard_calls_total{outcome="information_provided"}')).toBe(1);
    expect(grew('switchboard_tool_seconds_count{tool="get_location",ok="true"}')).toBe(1);
    expect(grew('switchboard_worker_activity_seconds_count{activity="summarizeCall",result="completed"}')).toBe(1);
    expect(grew('switchboard_worker_activity_seconds_count{activity="recordCallStarted",result="completed"}')).toBe(1);
    expect(after).toContain('# TYPE switchboard_sms_failures_total counter');
    expect(after).toContain('# TYPE switchboard_crm_sync_failures_total counter');
  });

  it('answers /healthz, and 404 elsewhere', async () => {
    expect(await (await fetch(`${metricsUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${metricsUrl}/nothing`)).status).toBe(404);
  });
});
