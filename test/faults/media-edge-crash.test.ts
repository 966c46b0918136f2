import { STREAM_LOST, STREAM_LOST_NOTE } from '../../libs/calls/src';
import { callStateQuery } from '../../libs/calls/src/call-messages';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { playScript, type ConversationScript } from '../../simulators/realtime';
import { eventually } from '../media-edge/support/eventually';
import { signalsReceived } from '../support/workflow-history';
import { startFaultStack, type FaultStack } from './support/fault-stack';

const maria = KNOWN.autoShop.customer;
const ANSWER = 'Sure, we can look at your brakes. What day suits you?';
const SCRIPT: ConversationScript = { turns: [{ caller: 'My brakes are squeaking.', replies: [{ say: ANSWER }] }] };

describe('the media-edge is SIGKILLed mid-call (a process of its own; phone, API, worker, Realtime simulator)', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await startFaultStack({ plan: playScript(SCRIPT), mediaEdgeProcess: true });
  });
  afterAll(() => stack?.stop());

  it("records the loss and what was said so far, summarizes the call, and Twilio's <Connect action> hands the caller to a person", async () => {
    const call = await stack.dial({ from: maria.phone, to: AUTO_SHOP.phoneNumber });
    await call.waitForAgentAudio();
    await call.waitForAgentSilence();
    await call.say(SCRIPT.turns[0].caller);
    await call.waitUntil(() => stack.realtime.sessions[0].responses.some((response) => response.speechText === ANSWER && response.status === 'completed'));
    await call.waitForAgentSilence();
    const handle = stack.calls.handle(call.callSid);
    // Every turn so far has reached the workflow (the media-edge signals each as it happens).
    await eventually('the three turns in the workflow', async () => (await handle.query(callStateQuery)).turnCount === 3);

    process.kill(stack.edge.process!.pid, 'SIGKILL');

    // Twilio sees the socket die and asks the API what next: the apology, then the tenant's primary number.
    const next = await call.afterStream();
    expect(next.verbs.map((verb) => [verb.name, verb.text])).toEqual([
      ['Say', expect.stringMatching(/^Sorry, /)],
      ['Dial', AUTO_SHOP.transferNumbers.primary],
    ]);
    expect(call).toMatchObject({ endedBy: 'application', closeCode: 1006, transferredTo: AUTO_SHOP.transferNumbers.primary });

    // The workflow heard of the loss from Twilio's side and wrapped up: transcript and summary persisted.
    const result = await handle.result();
    expect(result.turnCount).toBe(4);
    const turns = await stack.db.callTurn.findMany({ where: { callSid: call.callSid }, orderBy: { seq: 'asc' } });
    expect(turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['AGENT', expect.stringContaining(AUTO_SHOP.name)],
      ['CALLER', SCRIPT.turns[0].caller],
      ['AGENT', ANSWER],
      ['SYSTEM', STREAM_LOST_NOTE],
    ]);
    expect(await stack.db.callSummary.findUnique({ where: { callSid: call.callSid } })).toMatchObject({ summary: expect.any(String) });
    expect(await stack.db.call.findUniqueOrThrow({ where: { callSid: call.callSid } })).toMatchObject({ endedAt: expect.any(Date) });
    // The dead media-edge said nothing: the one disconnect in the call's history is the API's, from Twilio's request.
    expect(signalsReceived(await handle.fetchHistory(), 'mediaDisconnected')).toEqual([{ at: expect.any(String), reason: STREAM_LOST }]);
  });
});
