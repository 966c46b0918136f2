import { ActivityFailure, ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import { callParties } from '../libs/calls/src/call-parties';
import type { HandOverRequest, PendingTransfer, TransferOutcome } from '../libs/calls/src/call-transfer';
import type { CallWorkflowInput } from '../libs/calls/src/call-types';
import type { ToolResult } from '../libs/tools/src';

// The caller is on the line: retry the redirect fast, and give up after a few tries.
const REDIRECT_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds', maximumAttempts: 4 },
} as const;
const phone = proxyActivities<CallActivities>(REDIRECT_OPTIONS);
// Records: retried until they are written, whatever happened on the phone.
const records = proxyActivities<CallActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * The call's transfers to a person, one at a time. The intent is recorded
 * first (by the transfer_to_human tool, or here for a hand-over); the call is
 * redirected in an activity of its own; the outcome is recorded in another,
 * so a failure to record it never dials again.
 */
export class CallTransfers {
  private busy = false;

  constructor(
    private readonly input: CallWorkflowInput,
    private dialedPerson = false,
  ) {}

  /** A person is being (or was) dialed for this caller; carried across continueAsNew. */
  get withPerson(): boolean {
    return this.dialedPerson;
  }

  /** Carries out the transfer a tool recorded; returns what the model is told. */
  async completeToolTransfer(toolCallId: string, pending: PendingTransfer): Promise<ToolResult> {
    return this.exclusively(async () => (await this.connect(pending, { toolCallId })).result);
  }

  /** The agent cannot go on: the tenant's primary number takes the caller. */
  async handOver(request: HandOverRequest): Promise<TransferOutcome> {
    return this.exclusively(async () => {
      if (this.dialedPerson) {
        throw ApplicationFailure.create({ type: 'CallerWithPerson', message: 'the caller is already being transferred to a person', nonRetryable: true });
      }
      const pending = await records.recordHandOverIntent({
        transferId: request.handOverId,
        tenantId: this.input.tenantId,
        callSid: this.input.callSid,
        reason: request.reason,
      });
      if (!pending) return { status: 'FAILED', reason: 'the business has no number to transfer to' };
      return (await this.connect(pending, { announcement: request.announcement })).outcome;
    });
  }

  private async connect(pending: PendingTransfer, options: { toolCallId?: string; announcement?: string }) {
    const outcome = await this.redirect(pending, options.announcement);
    const result = await records.recordTransferOutcome({ transferId: pending.transferId, outcome, toolCallId: options.toolCallId });
    if (outcome.status === 'DIALING') this.dialedPerson = true;
    return { outcome, result };
  }

  private async redirect(pending: PendingTransfer, announcement: string | undefined): Promise<TransferOutcome> {
    try {
      return await phone.redirectCallToPerson.executeWithOptions({ ...REDIRECT_OPTIONS, summary: `transfer to ${pending.to}` }, [
        { ...pending, callSid: this.input.callSid, callerId: callParties(this.input).businessNumber, announcement },
      ]);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      return { status: 'FAILED', reason: 'the phone network did not answer' };
    }
  }

  private async exclusively<T>(work: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }
}
