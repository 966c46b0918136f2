import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { callStatusSignal } from '../../libs/calls/src/call-messages';
import { CallsClient } from '../../libs/temporal/src/calls-client';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { eventually } from '../media-edge/support/eventually';
import { bookingsWaitingForLock, holdTenantBookingLock } from '../media-edge/support/slow-booking';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { requiredEnv } from '../support/test-env';
import { workdayAhead } from '../../simulators/fixtures/fixture-clock';
import { activityAttempts, localActivityAttempts } from '../support/workflow-history';
import { okData, type AppointmentView } from '../tools/tool-harness';
import { startWorkerProcess } from './support/worker-process';

const TOOL_CALL_ID = 'call_book_through_crash';

let db: PrismaClient;
let connection: Connection;
beforeAll(async () => {
  db = createPrismaClient(requiredEnv('DATABASE_URL'), 3);
  connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
});
afterAll(async () => {
  await connection.close();
  await db.$disconnect();
});

it('books exactly once when the worker is SIGKILLed in the middle of a local-activity booking', async () => {
  const taskQueue = `test-${randomUUID()}`;
  const calls = new CallsClient(new Client({ connection }), taskQueue);
  const tenantId = await tenantIdOf(db, AUTO_SHOP);
  const input = inboundCall(tenantId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
  let worker = startWorkerProcess(taskQueue);
  try {
    const handle = await calls.startOrAttach(input);
    // The worker process boots first (from source: seconds quiet, a minute or more on a loaded machine).
    await eventually('the call to be recorded', () => db.call.findUnique({ where: { callSid: input.callSid } }), 150_000);

    // The booking starts inside its transaction, then waits on the tenant's booking lock, held here.
    const lock = await holdTenantBookingLock(db, tenantId);
    const start = workdayAhead(AUTO_SHOP.timeZone, 43, 11);
    const booking = calls.runTool(input.callSid, TOOL_CALL_ID, 'book_appointment', { start, service: 'Oil change', customer_name: 'Crash Test' });
    await eventually('the booking to wait for the lock', () => bookingsWaitingForLock(db));

    process.kill(worker.pid, 'SIGKILL');
    await worker.crashed.catch(() => undefined);
    await lock.release();
    worker = startWorkerProcess(taskQueue);

    const result = okData<AppointmentView>(await booking);
    const booked = await db.appointment.findMany({ where: { sourceKey: TOOL_CALL_ID } });
    expect(booked.map((row) => row.id)).toEqual([result.appointment_id]);
    expect(result.start).toBe(start);
    expect(await db.toolCall.count({ where: { id: TOOL_CALL_ID } })).toBe(1);

    // The first attempt died with its workflow task; the re-run is the one recorded, as a local activity.
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes).length).toBeGreaterThanOrEqual(1);
    expect(localActivityAttempts(history, 'executeToolCall')).toEqual([1]);
    expect(activityAttempts(history, 'executeToolCall')).toEqual([]);

    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
  } finally {
    await worker.stop();
  }
}, 180_000);
