import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import fc from 'fast-check';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { TOOL_PACKS, TOOL_SPECS } from '../../libs/tools/src';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { isStorableText, nastyText } from './support/nasty-text';

/** The property names each tool's schema declares, so fuzzed arguments hit real fields as well as unknown ones. */
const FIELDS = new Map<string, string[]>(TOOL_SPECS.map((spec) => [spec.name, Object.keys((z.toJSONSchema(spec.args, { io: 'input' }) as { properties?: object }).properties ?? {})]));

const anyValue = fc.oneof(nastyText(), fc.jsonValue(), fc.integer(), fc.boolean(), fc.constant(null));
/** Arguments of any shape: objects of the tool's own fields (and others) with any values, or any JSON at all. */
const argsFor = (name: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...(FIELDS.get(name) ?? []), 'extra'), nastyText(12)), anyValue, { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constant({}) },
  );
const toolCall = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOOL_SPECS.map((spec) => spec.name)).chain((name) => argsFor(name).map((args) => ({ name, args }))) },
  // Names the model made up, of any type.
  { weight: 1, arbitrary: fc.record({ name: fc.oneof(nastyText(), fc.jsonValue()), args: fc.jsonValue() }) },
);

/** Every string in a JSON value, keys included. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)])
      : [];

describe('runTool under fuzzed tool calls', () => {
  let sb: TestSwitchboard;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
  });
  afterAll(() => sb.shutdown());

  it('answers any tool name and arguments with a result or a clear rejection; the call workflow never fails a task', async () => {
    const tenantId = await tenantIdOf(sb.db, AUTO_SHOP);
    // Every pack enabled: each tool's arguments reach its validator, not the "not available" check.
    const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone, { toolPacks: [...TOOL_PACKS] });
    const handle = await sb.calls.startOrAttach(input);
    let accepted = 0;

    await fc.assert(
      fc.asyncProperty(toolCall, async ({ name, args }) => {
        // The model's function call names are strings on the wire, but nothing makes them so.
        const result = await sb.calls.runTool(input.callSid, randomUUID(), name as string, args);

        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(result.error.code).toMatch(/^[a-z_]+$/);
          expect(result.error.message.trim()).not.toBe('');
        }
        if (result.ok || result.error.code !== 'rejected') accepted++;
        // What the tool could not write is refused with the reason, before it runs.
        if (!stringsIn(args).every(isStorableText)) {
          expect(result).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/NUL|Unicode/) } });
        }
      }),
      // A worker killed by a call never answers: fail that run with its counterexample, not the whole test on a timeout.
      { numRuns: 200, timeout: 30_000 },
    );

    const { events } = await handle.fetchHistory();
    expect(events?.filter((event) => event.workflowTaskFailedEventAttributes)).toEqual([]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await handle.query(callStateQuery)).toolCalls).toHaveLength(accepted);
  });
});
