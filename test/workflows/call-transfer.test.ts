import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { handOverId } from '../../libs/calls/src';
import { callStateQuery, callStatusSignal } from '../../libs/calls/src/call-messages';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { TwilioRestSimulator } from '../../simulators/twilio/rest';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { acceptedUpdates, activityAttempts, failedWorkflowTasks } from '../support/workflow-history';
import { refuseFirstOutcomeWrite } from './support/outcome-write-fault';

const TWILIO = { accountSid: `AC${'7'.repeat(32)}`, authToken: 'call-transfer-test-auth-token' };
const PRIMARY = AUTO_SHOP.transferNumbers.primary;

describe('transfers to a person, through the call workflow', () => {
  let rest: TwilioRestSimulator;
  let sb: TestSwitchboard;
  let autoShopId: string;

  beforeAll(async () => {
    rest = await TwilioRestSimulator.start(TWILIO);
    // The real Twilio adapter, pointed at the REST simulator: its request log is the witness of every dial.
    sb = await startTestSwitchboard({ telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl })) });
    autoShopId = await tenantIdOf(sb.db, AUTO_SHOP);
  });
  afterAll(async () => {
    await sb.shutdown();
    await rest.close();
  });

  /** A call in progress at Twilio, with its workflow running. */
  const liveCall = async () => {
    const input = inboundCall(autoShopId, AUTO_SHOP, KNOWN.autoShop.customer.phone);
    rest.registerInboundCall({ from: input.from, to: input.to, callSid: input.callSid }).answer();
    return { input, handle: await sb.calls.startOrAttach(input) };
  };
  const redirectsOf = (callSid: string) => rest.updates.filter((update) => update.callSid === callSid);
  const hangUpAndFinish = async (callSid: string) => {
    await sb.calls.handle(callSid).signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    return sb.calls.handle(callSid).result();
  };

  it('dials the person exactly once when recording the outcome fails once, and tells the model the truth', async () => {
    const { input, handle } = await liveCall();
    const toolCallId = `call_transfer_${randomUUID()}`;
    const fault = await refuseFirstOutcomeWrite(sb.db, toolCallId);
    try {
      const result = await sb.calls.runTool(input.callSid, toolCallId, 'transfer_to_human', { reason: 'caller asked for a person' });

      expect(result).toEqual({ ok: true, data: { queue: 'primary', target_number: PRIMARY, status: 'dialing' } });
      const redirects = redirectsOf(input.callSid);
      expect(redirects).toHaveLength(1);
      expect(redirects[0].twiml).toContain(`<Number>${PRIMARY}</Number>`);
      expect(redirects[0].twiml).toContain(`callerId="${AUTO_SHOP.phoneNumber}"`);
    } finally {
      await fault.remove();
    }

    const history = await handle.fetchHistory();
    expect(activityAttempts(history, 'executeToolCall')).toEqual([1]);
    expect(activityAttempts(history, 'redirectCallToPerson')).toEqual([1]);
    expect(activityAttempts(history, 'recordTransferOutcome')).toEqual([2]);
    expect(await sb.db.callTransfer.findUniqueOrThrow({ where: { id: toolCallId } })).toMatchObject({
      callSid: input.callSid,
      queue: 'primary',
      targetNumber: PRIMARY,
      status: 'DIALING',
    });
    // The tool call's record holds the result the model got, not the intent.
    expect(await sb.db.toolCall.findUniqueOrThrow({ where: { id: toolCallId } })).toMatchObject({
      ok: true,
      result: { ok: true, data: { status: 'dialing' } },
    });
    expect((await handle.query(callStateQuery)).withPerson).toBe(true);

    const { summary } = await hangUpAndFinish(input.callSid);
    expect(summary.outcome).toBe('transferred');
    expect(redirectsOf(input.callSid)).toHaveLength(1);
  });

  it('fails a hand-over that is no longer possible as a failed Update, and the call goes on', async () => {
    const { input, handle } = await liveCall();
    const transferred = await sb.calls.runTool(input.callSid, `call_handover_${randomUUID()}`, 'transfer_to_human', { reason: 'wants a person' });
    expect(transferred.ok).toBe(true);

    // Valid when sent; the handler finds the caller already with a person.
    const handOver = sb.calls.handOverToPerson(input.callSid, { reason: 'Realtime lost' });
    const error = await handOver.then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect((error as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'CallerWithPerson' });

    const history = await handle.fetchHistory();
    expect(failedWorkflowTasks(history)).toBe(0);
    expect(acceptedUpdates(history).find((update) => update.name === 'handOverToPerson')).toEqual({
      name: 'handOverToPerson',
      updateId: handOverId(input.callSid),
      failure: 'the caller is already being transferred to a person',
    });
    expect(redirectsOf(input.callSid)).toHaveLength(1);
    expect(await sb.db.callTransfer.count({ where: { id: handOverId(input.callSid) } })).toBe(0);

    const result = await hangUpAndFinish(input.callSid);
    expect(result.toolCalls.map((call) => call.name)).toEqual(['transfer_to_human']);
  });
});
