import type { CallResult } from '../../../libs/calls/src';
import { newCallSid } from '../../../libs/calls/src/call-sid';
import { callStatusSignal, transcriptTurnSignal } from '../../../libs/calls/src/call-messages';
import { turn } from '../../support/call-fixtures';
import type { TestSwitchboard } from '../../support/switchboard-worker';
import { nextSlot, OIL_CHANGE, type TestTenant } from '../../../simulators/fixtures/fixture-tenant';

export interface ToolUse {
  name: string;
  args: object;
}

/** A tool, or one whose arguments come from the results of the tools before it. */
export type ToolStep = ToolUse | ((earlierResults: unknown[]) => ToolUse);

/**
 * An inbound call to the tenant that says a few words, runs the tools in
 * order (each must succeed) and hangs up; resolves once the call workflow
 * has finished, i.e. its post-call work has started the follow-ups.
 */
export async function placeCall(sb: TestSwitchboard, tenant: TestTenant, caller: string, tools: ToolStep[]): Promise<{ callSid: string; result: CallResult; toolResults: unknown[] }> {
  const callSid = newCallSid();
  const handle = await sb.calls.startOrAttach({
    callSid,
    tenantId: tenant.id,
    direction: 'inbound',
    from: caller,
    to: tenant.phoneNumber,
    startedAt: new Date().toISOString(),
    toolPacks: tenant.toolPacks,
  });
  await handle.signal(transcriptTurnSignal, turn('caller', 'Hi, I would like to book an oil change, thanks.'));
  const toolResults: unknown[] = [];
  for (const [index, step] of tools.entries()) {
    const tool = typeof step === 'function' ? step(toolResults) : step;
    const result = await sb.calls.runTool(callSid, `${callSid}-tool-${index}`, tool.name, tool.args);
    if (!result.ok) throw new Error(`${tool.name} failed: ${JSON.stringify(result.error)}`);
    toolResults.push(result.data);
  }
  await handle.signal(transcriptTurnSignal, turn('agent', 'You are all set. Goodbye!'));
  await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
  return { callSid, result: await handle.result(), toolResults };
}

/** book_appointment for an oil change at the next free slot, for the caller's own number. */
export const bookOilChange = (tenant: TestTenant, name = 'Pat Test'): ToolUse => ({
  name: 'book_appointment',
  args: { start: nextSlot(tenant), service: OIL_CHANGE, customer_name: name },
});
