/**
 * `npm run bench:tool-storm -- --calls 100 [--engine postgres]`: N live calls fire their tools at
 * once. Each call looks its caller up (`search_contact`, a read) and then
 * writes a note on the contact (`add_note`); one call in five sends its note
 * Update twice at once, as a media-edge retrying a lost reply would. Every
 * tool is a `runTool` Update on its call's workflow, run by one worker.
 *
 * Checked, not just timed: every tool call has exactly one ToolCall row,
 * every note exists exactly once (keyed by its tool-call id), and each
 * duplicated Update got the same answer twice. A lost or doubled execution
 * fails the bench. Prints Update latency p50/p99 per tool; `RESULT {…}` last.
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { callStatusSignal } from '../libs/calls/src/call-messages';
import { newCallSid } from '../libs/calls/src/call-sid';
import { engineFromArg } from '../libs/infra/src/temporal-engine-arg';
import { createLogger } from '../libs/logging/src/logger';
import { CallsClient } from '../libs/temporal/src/calls-client';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import type { ToolResult } from '../libs/tools/src';
import { KNOWN, ROOFING } from '../prisma/seed/demo-data';
import { elapsedMs, percentile, round } from './stats';
import { startToolBenchStack } from './tools/tool-bench-stack';

const DUPLICATE_EVERY = 5;
const USAGE = 'usage: npm run bench:tool-storm -- --calls N [--engine dev|postgres]   (N: 1…1000)';

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { calls: { type: 'string', default: '100' }, engine: { type: 'string' } } });
  const callCount = Number(values.calls);
  if (!Number.isInteger(callCount) || callCount < 1 || callCount > 1000) throw new Error(USAGE);
  const engine = engineFromArg(values.engine, USAGE);
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const { db, tenants, temporal, stop } = await startToolBenchStack('switchboard_bench_storm', 10, engine);
  try {
    const calls = new CallsClient(new Client({ connection: temporal.env.connection }));
    const tenantId = tenants[ROOFING.slug];
    const caller = KNOWN.roofing.contact.phone;
    const callSids = Array.from({ length: callCount }, () => newCallSid());
    await Promise.all(
      callSids.map((callSid) =>
        calls.startOrAttach({ callSid, tenantId, direction: 'inbound', from: caller, to: ROOFING.phoneNumber, startedAt: new Date().toISOString(), toolPacks: ROOFING.toolPacks }),
      ),
    );
    // Every call's first workflow task (recording the call) is done before the storm.
    await Promise.all(callSids.map((callSid) => calls.runTool(callSid, `warmup-${callSid}`, 'get_location', {})));

    const latency = { search_contact: [] as number[], add_note: [] as number[] };
    const mismatchedDuplicates: string[] = [];
    const timed = async (tool: keyof typeof latency, run: () => Promise<ToolResult>) => {
      let result: ToolResult | undefined;
      latency[tool].push(await elapsedMs(async () => (result = await run())));
      if (!result?.ok) throw new Error(`${tool} failed during the storm: ${JSON.stringify(result)}`);
      return result;
    };
    const started = performance.now();
    await Promise.all(
      callSids.map(async (callSid, index) => {
        const found = await timed('search_contact', () => calls.runTool(callSid, `search-${callSid}`, 'search_contact', { phone: caller }));
        const contactId = (found.ok && (found.data as { contacts: Array<{ contact_id: string }> }).contacts[0]?.contact_id) || '';
        const note = () => calls.runTool(callSid, `note-${callSid}`, 'add_note', { contact_id: contactId, note: `storm note from ${callSid}` });
        if (index % DUPLICATE_EVERY !== 0) return void (await timed('add_note', note));
        const [first, second] = await Promise.all([timed('add_note', note), timed('add_note', note)]);
        if (JSON.stringify(first) !== JSON.stringify(second)) mismatchedDuplicates.push(callSid);
      }),
    );
    const wallMs = performance.now() - started;

    const stormIds = callSids.flatMap((callSid) => [`search-${callSid}`, `note-${callSid}`]);
    const toolCallRows = await db.toolCall.count({ where: { id: { in: stormIds } } });
    const notes = await db.contactNote.count({ where: { sourceKey: { in: callSids.map((callSid) => `note-${callSid}`) } } });
    await Promise.all(callSids.map((callSid) => calls.handle(callSid).signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() })));

    const lost = stormIds.length - toolCallRows + (callCount - notes);
    const result = {
      bench: 'tool-storm',
      engine,
      calls: callCount,
      tool_calls: stormIds.length,
      duplicate_updates: Math.ceil(callCount / DUPLICATE_EVERY),
      wall_ms: round(wallMs, 0),
      search_p50_ms: percentile(latency.search_contact, 50),
      search_p99_ms: percentile(latency.search_contact, 99),
      note_p50_ms: percentile(latency.add_note, 50),
      note_p99_ms: percentile(latency.add_note, 99),
      tool_call_rows: toolCallRows,
      notes,
      lost,
      duplicated: Math.max(notes - callCount, 0) + mismatchedDuplicates.length,
    };
    console.log(`${callCount} calls, ${stormIds.length} tool calls (${result.duplicate_updates} note Updates sent twice at once) in ${result.wall_ms} ms`);
    console.log(`search_contact Update  p50 ${result.search_p50_ms} ms  p99 ${result.search_p99_ms} ms`);
    console.log(`add_note Update        p50 ${result.note_p50_ms} ms  p99 ${result.note_p99_ms} ms`);
    console.log(`ToolCall rows ${toolCallRows}/${stormIds.length}, notes ${notes}/${callCount}, duplicates answered alike ${result.duplicate_updates - mismatchedDuplicates.length}/${result.duplicate_updates}`);
    console.log(`RESULT ${JSON.stringify(result)}`);
    if (result.lost || result.duplicated) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
