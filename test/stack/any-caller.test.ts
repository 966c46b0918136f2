import { readFileSync } from 'node:fs';
import { DEMO_TENANTS } from '../../prisma/seed/demo-data';
import { startStackProcess, type StackProcess } from './support/stack-process';
import { placeUnscriptedCall, type UnscriptedCaller, type UnscriptedCallOutcome } from './support/unscripted-caller';

interface CallView {
  toolCalls: Array<{ name: string; ok: boolean; args: Record<string, unknown> }>;
}

/** Caller `n`: a number no demo script knows, one of the demo businesses, every other one talking over the agent. */
function caller(n: number): UnscriptedCaller {
  return { from: `+1415555${String(n).padStart(4, '0')}`, to: DEMO_TENANTS[n % DEMO_TENANTS.length].phoneNumber, variant: n, interrupts: n % 2 === 1 };
}

describe('the local stack (npm run stack) with callers who follow no script', () => {
  let stack: StackProcess;

  beforeAll(async () => {
    stack = await startStackProcess('any-caller');
  }, 360_000);

  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  /** The generic agent answered with audio, took a message for the caller's number and hung up after its goodbye. */
  async function expectMessageTaken(who: UnscriptedCaller, outcome: UnscriptedCallOutcome): Promise<void> {
    const response = await fetch(`${stack.apiUrl}/v1/calls/${outcome.callSid}`, { headers: { Authorization: `Bearer ${stack.adminApiKey}` } });
    const view = (await response.json()) as CallView;
    expect({
      from: who.from,
      heardTheAgent: outcome.heardReplyMs > 500,
      closed: [outcome.closeCode, outcome.closeReason],
      tools: view.toolCalls.map((tool) => [tool.name, tool.ok]),
      callbackPhone: view.toolCalls[0]?.args.phone,
    }).toEqual({
      from: who.from,
      heardTheAgent: true,
      closed: [1000, 'call ended by the agent'],
      tools: [
        ['request_callback', true],
        ['end_call', true],
      ],
      callbackPhone: who.from,
    });
  }

  it('answers 10 consecutive calls: each caller hears the agent, leaves a message and is said goodbye to', async () => {
    for (let n = 1; n <= 10; n++) {
      const who = caller(n);
      await expectMessageTaken(who, await placeUnscriptedCall(stack.apiUrl, who));
    }
    expect(stack.running).toBe(true);
  }, 600_000);

  it('answers 5 simultaneous calls the same way', async () => {
    const callers = [101, 102, 103, 104, 105].map(caller);
    const outcomes = await Promise.all(callers.map((who) => placeUnscriptedCall(stack.apiUrl, who)));
    for (const [index, outcome] of outcomes.entries()) await expectMessageTaken(callers[index], outcome);
    expect(stack.running).toBe(true);
    expect(readFileSync(stack.logFile, 'utf8')).not.toContain('failed and its connection was closed');
  }, 300_000);
});
