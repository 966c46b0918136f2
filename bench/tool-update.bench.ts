/**
 * `npm run bench:tools`: what running a tool as a durable workflow Update
 * costs over calling it directly. 200 sequential `runTool` Updates of a DB
 * lookup on one live call, then the same tool through executeTool directly,
 * and the floor: an Update that returns at once, on the same server (the call
 * workflow has no no-op Update, so the floor is the bench probe workflow's).
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { createSwitchboardWorker } from '../apps/worker/src/worker';
import { TOOL_HANDLERS } from '../activities/tools/handlers';
import { executeTool } from '../activities/tools/execute-tool';
import { newCallSid } from '../libs/calls/src/call-sid';
import { createPrismaClient } from '../libs/db/src/prisma';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../libs/infra/src/database';
import { startLocalTemporal } from '../libs/infra/src/temporal-server';
import { CallsClient } from '../libs/temporal/src/calls-client';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { AUTO_SHOP, KNOWN } from '../prisma/seed/demo-data';
import { seedDemoTenants } from '../prisma/seed/demo-tenants';
import { callStatusSignal } from '../libs/calls/src/call-messages';
import { percentile, round, timeEach } from './stats';
import { bundleProbeWorkflow, startLatencyProbe } from './temporal-latency/latency-probe';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const TOOL = 'lookup_customer';

async function main(): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  const databaseName = `switchboard_bench_${Date.now()}`;
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  await migrateDatabase(databaseUrl);
  const db = createPrismaClient(databaseUrl, 5);
  const { tenants } = await seedDemoTenants(db);
  const temporal = await startLocalTemporal();
  const worker = await createSwitchboardWorker({
    env: { TEMPORAL_NAMESPACE: 'default', SUMMARY_MODEL: 'local', REALTIME_MODEL: 'gpt-realtime' },
    connection: temporal.env.nativeConnection,
    db,
  });
  const workerRun = worker.run();
  const probe = await startLatencyProbe(temporal.env.nativeConnection, temporal.env.client, await bundleProbeWorkflow());
  try {
    const calls = new CallsClient(new Client({ connection: temporal.env.connection }));
    const caller = KNOWN.autoShop.customer.phone;
    const tenantId = tenants[AUTO_SHOP.slug];
    const callSid = newCallSid();
    const handle = await calls.startOrAttach({ callSid, tenantId, direction: 'inbound', from: caller, to: AUTO_SHOP.phoneNumber, startedAt: new Date().toISOString(), toolPacks: AUTO_SHOP.toolPacks });

    // Warm-up: first workflow task, first activity, connection pools.
    await calls.runTool(callSid, 'call_warmup', TOOL, {});
    await executeTool({ db, handlers: TOOL_HANDLERS }, { tenantId, toolCallId: 'direct_warmup', name: TOOL, args: {}, callerNumber: caller });

    const noop = (await probe.measure(ITERATIONS, ['immediate'])).immediate ?? [];
    const update = await timeEach(ITERATIONS, async (i) => expectOk(await calls.runTool(callSid, `call_bench_${i}`, TOOL, {})));
    const direct = await timeEach(ITERATIONS, async (i) =>
      expectOk(await executeTool({ db, handlers: TOOL_HANDLERS }, { tenantId, toolCallId: `direct_bench_${i}`, name: TOOL, args: {}, callerNumber: caller })),
    );
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();

    const result = {
      bench: 'tool-update',
      iterations: ITERATIONS,
      update_p50_ms: percentile(update, 50),
      update_p99_ms: percentile(update, 99),
      noop_p50_ms: percentile(noop, 50),
      noop_p99_ms: percentile(noop, 99),
      direct_p50_ms: percentile(direct, 50),
      direct_p99_ms: percentile(direct, 99),
    };
    console.log(`no-op Update    p50 ${result.noop_p50_ms} ms  p99 ${result.noop_p99_ms} ms  (the floor: the bench probe workflow on the same server)`);
    console.log(`runTool Update  p50 ${result.update_p50_ms} ms  p99 ${result.update_p99_ms} ms`);
    console.log(`direct call     p50 ${result.direct_p50_ms} ms  p99 ${result.direct_p99_ms} ms`);
    console.log(`ratio (p50)     ${round(result.update_p50_ms / result.direct_p50_ms, 1)}x`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await probe.stop();
    worker.shutdown();
    await workerRun;
    await db.$disconnect();
    await temporal.env.teardown();
    await dropDatabase(serverUrl, databaseName);
  }
}

function expectOk(result: { ok: boolean }): void {
  if (!result.ok) throw new Error(`tool failed during the benchmark: ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
