import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { playScript, type ConversationScript } from '../../simulators/realtime';
import { eventually } from '../media-edge/support/eventually';
import { bookingsWaitingForLock, holdTenantBookingLock } from '../media-edge/support/slow-booking';
import { tenantIdOf } from '../support/call-fixtures';
import { okData, type AppointmentView } from '../tools/tool-harness';
import { startFaultStack, type FaultStack } from './support/fault-stack';

const maria = KNOWN.autoShop.customer;
const START = workdayAhead(AUTO_SHOP.timeZone, 44, 10);
const CONFIRMATION = "You're booked, Maria. See you then.";
const SCRIPT: ConversationScript = {
  turns: [
    {
      caller: 'Can you book me an oil change?',
      replies: [
        { say: 'Booking it now.', call: { name: 'book_appointment', arguments: { start: START, service: 'Oil change', customer_name: maria.name } } },
        // The model reads the tool's result: only a booking makes it say so.
        ({ toolOutputs }) => ((JSON.parse(toolOutputs.at(-1)?.output ?? '{}') as { ok?: boolean }).ok ? { say: CONFIRMATION } : undefined),
      ],
    },
    { caller: "That's all, thanks.", replies: [{ say: 'Goodbye!', call: { name: 'end_call', arguments: { reason: 'caller is done' } } }] },
  ],
};
/** Two worker processes boot from source on a loaded machine (a minute or more each), and a local activity killed mid-task waits out the workflow task timeout (10 s). */
const CRASH_TEST_TIMEOUT_MS = 300_000;
const WORKER_BOOT_MS = 150_000;

// test/workflows/fast-tool-crash.test.ts proves the Update's side (the re-run, its history); this, the caller's.
describe('the worker is SIGKILLed while the model books an appointment, and restarted (a whole call: phone, API, media-edge, Realtime simulator)', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await startFaultStack({ plan: playScript(SCRIPT), workerProcess: true });
  });
  afterAll(() => stack?.stop());

  it('books once, the model gets that booking as the tool result and says so, and the call goes on to its goodbye', async () => {
    const tenantId = await tenantIdOf(stack.db, AUTO_SHOP);
    const call = await stack.dial({ from: maria.phone, to: AUTO_SHOP.phoneNumber });
    await call.waitForAgentAudio();
    await call.waitForAgentSilence();
    // The worker process is up once it has recorded the call.
    await eventually('the call to be recorded', () => stack.db.call.findUnique({ where: { callSid: call.callSid } }), WORKER_BOOT_MS);

    // The booking starts inside its transaction, then waits on the tenant's booking lock, held here.
    const lock = await holdTenantBookingLock(stack.db, tenantId);
    await call.say(SCRIPT.turns[0].caller);
    await eventually('the booking to wait for the lock', () => bookingsWaitingForLock(stack.db), 60_000);
    const firstWorker = stack.workerProcess!;
    process.kill(firstWorker.pid, 'SIGKILL');
    await firstWorker.crashed.catch(() => undefined);
    await lock.release();
    stack.restartWorker();

    // The media-edge's runTool Update was answered by the re-run on the new worker: the model speaks its result.
    const session = stack.realtime.sessions[0];
    await call.waitUntil(() => session.responses.some((response) => response.speechText === CONFIRMATION && response.status === 'completed'));
    await call.waitForAgentSilence();
    const [output] = session.functionCallOutputs;
    expect(session.functionCallOutputs.map((record) => record.name)).toEqual(['book_appointment']);
    const booked = okData<AppointmentView>(JSON.parse(output.output));
    expect(booked.start).toBe(START);
    expect((await stack.db.appointment.findMany({ where: { sourceKey: output.callId } })).map((row) => row.id)).toEqual([booked.appointment_id]);
    expect(await stack.db.toolCall.count({ where: { id: output.callId } })).toBe(1);

    // The call goes on: the caller says goodbye, the agent hangs up, and Twilio, asked what next, hangs up too.
    await call.say(SCRIPT.turns[1].caller);
    expect((await call.afterStream()).verbs.map((verb) => verb.name)).toEqual(['Hangup']);
    const result = await stack.calls.handle(call.callSid).result();
    expect(result.toolCalls).toEqual([
      { toolCallId: output.callId, name: 'book_appointment', ok: true },
      expect.objectContaining({ name: 'end_call', ok: true }),
    ]);
    expect(result.summary.outcome).toBe('appointment_booked');
  }, CRASH_TEST_TIMEOUT_MS);
});
