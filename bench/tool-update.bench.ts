/**
 * `npm run bench:tools`: what running a tool as a durable workflow Update
 * costs over calling it directly. In one run, on one server: the floor (an
 * Update that returns at once; the call workflow has none, so it is the bench
 * probe workflow's), the tool called directly through executeTool (with the
 * worker's tenant profile cache, and reading the profile from the database),
 * then 200 sequential `runTool` Updates of it on one live call.
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { TOOL_HANDLERS } from '../activities/tools/handlers';
import { executeTool } from '../activities/tools/execute-tool';
import { uncachedTenantProfiles, type TenantProfiles } from '../activities/tools/tenant-profile';
import { newCallSid } from '../libs/calls/src/call-sid';
import { CallsClient } from '../libs/temporal/src/calls-client';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { AUTO_SHOP, KNOWN } from '../prisma/seed/demo-data';
import { callStatusSignal } from '../libs/calls/src/call-messages';
import { findToolSpec } from '../libs/tools/src';
import { percentile, round, timeEach } from './stats';
import { bundleProbeWorkflow, startLatencyProbe } from './temporal-latency/latency-probe';
import { startToolBenchStack } from './tools/tool-bench-stack';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const TOOL = 'lookup_customer';

async function main(): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const { db, tenantProfiles, tenants, temporal, stop } = await startToolBenchStack('switchboard_bench', 5);
  const probe = await startLatencyProbe(temporal.env.nativeConnection, temporal.env.client, await bundleProbeWorkflow());
  try {
    const calls = new CallsClient(new Client({ connection: temporal.env.connection }));
    const caller = KNOWN.autoShop.customer.phone;
    const tenantId = tenants[AUTO_SHOP.slug];
    const callSid = newCallSid();
    const handle = await calls.startOrAttach({ callSid, tenantId, direction: 'inbound', from: caller, to: AUTO_SHOP.phoneNumber, startedAt: new Date().toISOString(), toolPacks: AUTO_SHOP.toolPacks });
    const direct = (profiles: TenantProfiles, toolCallId: string) =>
      executeTool({ db, handlers: TOOL_HANDLERS, tenantProfiles: profiles }, { tenantId, toolCallId, name: TOOL, args: {}, callerNumber: caller });

    // Warm-up: first workflow task, first activity, connection pools.
    await calls.runTool(callSid, 'call_warmup', TOOL, {});
    await direct(tenantProfiles, 'direct_warmup');

    const noop = (await probe.measure(ITERATIONS, ['immediate'])).immediate ?? [];
    const cached = await timeEach(ITERATIONS, async (i) => expectOk(await direct(tenantProfiles, `direct_bench_${i}`)));
    const uncached = await timeEach(ITERATIONS, async (i) => expectOk(await direct(uncachedTenantProfiles(db), `direct_uncached_${i}`)));
    const update = await timeEach(ITERATIONS, async (i) => expectOk(await calls.runTool(callSid, `call_bench_${i}`, TOOL, {})));
    const history = await handle.fetchHistory();
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();

    const result = {
      bench: 'tool-update',
      tool: TOOL,
      execution: findToolSpec(TOOL)?.execution,
      iterations: ITERATIONS,
      update_p50_ms: percentile(update, 50),
      update_p99_ms: percentile(update, 99),
      noop_p50_ms: percentile(noop, 50),
      noop_p99_ms: percentile(noop, 99),
      direct_p50_ms: percentile(cached, 50),
      direct_p99_ms: percentile(cached, 99),
      direct_uncached_p50_ms: percentile(uncached, 50),
      direct_uncached_p99_ms: percentile(uncached, 99),
      local_activity_markers: (history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
      activity_tasks: (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length,
    };
    console.log(`no-op Update            p50 ${result.noop_p50_ms} ms  p99 ${result.noop_p99_ms} ms  (the floor: the bench probe workflow on the same server)`);
    console.log(`direct, profile cached  p50 ${result.direct_p50_ms} ms  p99 ${result.direct_p99_ms} ms`);
    console.log(`direct, profile from DB p50 ${result.direct_uncached_p50_ms} ms  p99 ${result.direct_uncached_p99_ms} ms`);
    console.log(`runTool Update          p50 ${result.update_p50_ms} ms  p99 ${result.update_p99_ms} ms  (${TOOL} is ${result.execution}: ${result.local_activity_markers} local-activity markers, ${result.activity_tasks} activity tasks in the call's history)`);
    console.log(`Update over floor (p50) ${round(result.update_p50_ms - result.noop_p50_ms)} ms`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await probe.stop();
    await stop();
  }
}

function expectOk(result: { ok: boolean }): void {
  if (!result.ok) throw new Error(`tool failed during the benchmark: ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
