/**
 * `npm run demo`: one scripted call to the demo auto shop, end to end through
 * the durable call core, with nothing but Node installed. Caller and agent
 * turns are signals, tools are `runTool` Updates, the summary is the
 * post-call workflow's. No audio yet, no API keys needed.
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import path from 'node:path';
import { createSwitchboardWorker } from '../apps/worker/src/worker';
import { newCallSid } from '../libs/calls/src/call-sid';
import type { CallResult, TranscriptTurn } from '../libs/calls/src';
import { createPrismaClient } from '../libs/db/src/prisma';
import { provideDatabase } from '../libs/infra/src/database';
import { startLocalTemporal } from '../libs/infra/src/temporal-server';
import { CallsClient } from '../libs/temporal/src/calls-client';
import { installQuietTemporalRuntime } from '../libs/temporal/src/runtime';
import type { ToolResult } from '../libs/tools/src';
import { AUTO_SHOP, KNOWN } from '../prisma/seed/demo-data';
import { seedDemoTenants } from '../prisma/seed/demo-tenants';
import { callStatusSignal, dtmfSignal, transcriptTurnSignal } from '../workflows/call.messages';

const DATA_DIR = path.resolve(__dirname, '../.data');
const TEMPORAL_UI_PORT = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const EMBEDDED_POSTGRES_PORT = 54329;

interface Slot {
  start: string;
}

async function main(): Promise<void> {
  installQuietTemporalRuntime();
  step('PostgreSQL');
  const database = await provideDatabase('switchboard', EMBEDDED_POSTGRES_PORT);
  const db = createPrismaClient(database.url, database.kind === 'embedded' ? 1 : 5);
  const { tenants } = await seedDemoTenants(db);
  note(`${database.kind === 'embedded' ? 'embedded PGlite' : 'server'}, migrated and seeded (${Object.keys(tenants).length} demo tenants)`);

  step('Temporal');
  const temporal = await startLocalTemporal({ uiPort: TEMPORAL_UI_PORT, dbFilename: path.join(DATA_DIR, 'temporal.sqlite'), log: note });
  note(`dev server at ${temporal.address}, UI at ${temporal.uiUrl}`);
  const worker = await createSwitchboardWorker({
    env: { TEMPORAL_NAMESPACE: 'default', SUMMARY_MODEL: 'gpt-4.1-mini', REALTIME_MODEL: 'gpt-realtime', OPENAI_API_KEY: process.env.OPENAI_API_KEY },
    connection: temporal.env.nativeConnection,
    db,
  });
  const workerRun = worker.run();
  const calls = new CallsClient(new Client({ connection: temporal.env.connection }));

  const maria = KNOWN.autoShop.customer;
  const callSid = newCallSid();
  step(`Call ${callSid}: ${maria.name} (${maria.phone}) dials ${AUTO_SHOP.name} (${AUTO_SHOP.phoneNumber})`);
  const handle = await calls.startOrAttach({
    callSid,
    tenantId: tenants[AUTO_SHOP.slug],
    direction: 'inbound',
    from: maria.phone,
    to: AUTO_SHOP.phoneNumber,
    startedAt: new Date().toISOString(),
    toolPacks: AUTO_SHOP.toolPacks,
  });
  let toolSeq = 0;
  const say = (role: TranscriptTurn['role'], text: string) => {
    console.log(`  ${role === 'caller' ? '👤 caller' : '🤖 agent '}  ${text}`);
    return handle.signal(transcriptTurnSignal, { role, text, at: new Date().toISOString() });
  };
  const tool = async (name: string, args: Record<string, unknown>): Promise<ToolResult> => {
    const result = await calls.runTool(callSid, `call_demo_${callSid.slice(2, 10)}_${++toolSeq}`, name, args);
    console.log(`  🔧 ${name}(${JSON.stringify(args)}) → ${JSON.stringify(result)}`);
    return result;
  };

  await say('agent', AUTO_SHOP.greetingTemplate.replace('{brand}', AUTO_SHOP.name).replace('{agent}', AUTO_SHOP.agentName));
  await say('caller', "Hi, it's Maria. Is my Civic ready yet?");
  const customer = dataOf<{ customer_id: string; name: string }>(await tool('lookup_customer', {}));
  const order = dataOf<{ stage: string; promised_time: string | null }>(
    await tool('get_work_order_status', { work_order_number: KNOWN.autoShop.workOrder.number }),
  );
  await say('agent', `Hi ${customer.name.split(' ')[0]}, your Civic is ${order.stage}; we promised it for ${order.promised_time ?? 'soon'}.`);
  await say('caller', 'Okay. While I have you, can I book an oil change for the next open day?');
  const booking = await bookFirstFreeSlot(tool, customer);
  await say('agent', `You're booked for an oil change on ${booking.start.replace('T', ' at ')}. Press 1 to get a text confirmation.`);
  await handle.signal(dtmfSignal, { digit: '1', at: new Date().toISOString() });
  console.log('  ☎️  caller presses 1');
  await say('caller', "That's perfect, thanks!");
  await tool('end_call', { reason: 'caller is done' });
  await say('agent', 'Thanks for calling Rivera Auto Repair. Bye!');
  await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });

  const result = await handle.result();
  printResult(result, handle.workflowId, temporal.uiUrl);

  if (process.stdout.isTTY && !process.env.CI) {
    step('The Temporal UI stays up so you can look around. Ctrl-C to stop.');
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
  worker.shutdown();
  await workerRun;
  await db.$disconnect();
  await temporal.env.teardown();
  await database.stop();
}

/** Asks for availability day by day and books the first free slot: re-running the demo never collides. */
async function bookFirstFreeSlot(
  tool: (name: string, args: Record<string, unknown>) => Promise<ToolResult>,
  customer: { customer_id: string; name: string },
): Promise<Slot> {
  let day = DateTime.now().setZone(AUTO_SHOP.timeZone).plus({ days: 1 });
  for (let tries = 0; tries < 30; tries++, day = day.plus({ days: 1 })) {
    const availability = dataOf<{ slots: Slot[] }>(await tool('check_availability', { date: day.toISODate(), service: 'Oil change' }));
    const slot = availability.slots[0];
    if (!slot) continue;
    const booked = await tool('book_appointment', {
      start: slot.start,
      service: 'Oil change',
      customer_name: customer.name,
      customer_id: customer.customer_id,
    });
    if (booked.ok) return slot;
  }
  throw new Error('no free oil-change slot in the next 30 days');
}

function dataOf<T>(result: ToolResult): T {
  if (!result.ok) throw new Error(`tool failed: ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

function printResult(result: CallResult, workflowId: string, uiUrl: string | undefined): void {
  step('Summary (post-call workflow)');
  console.log(JSON.stringify(result.summary, null, 2).replace(/^/gm, '  '));
  note(`${result.turnCount} turns, ${result.toolCalls.length} tool calls, cost $${result.costUsd.toFixed(4)}`);
  step('Temporal UI');
  note(`${uiUrl}/namespaces/default/workflows/${workflowId}`);
}

const step = (text: string) => console.log(`\n▶ ${text}`);
const note = (text: string) => console.log(`  ${text}`);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
