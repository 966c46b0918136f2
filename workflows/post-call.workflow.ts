import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { PostCallInput, PostCallResult } from '../libs/calls/src';
import { cloudSyncWorkflowId } from '../libs/crm-sync/src/crm-sync';
import { smsFollowUpWorkflowId } from '../libs/sms/src/sms-messages';
import { CallSidKey, TenantIdKey } from '../libs/temporal/src/search-attributes';
import { cloudSyncWorkflow } from './cloud-sync.workflow';
import { smsFollowUpWorkflow } from './sms-follow-up.workflow';

const { summarizeCall } = proxyActivities<CallActivities>({
  // An LLM summary can be slow; a rate limit is worth waiting out.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const planning = proxyActivities<CallActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Histories from before the follow-ups existed end right after the summary. */
const FOLLOW_UPS_PATCH = 'sms-and-crm-follow-ups';

/**
 * `post-call-<CallSid>`: what happens once the caller has hung up. Reads the
 * persisted transcript and tool calls, stores a structured summary and the
 * call's cost, then starts the follow-ups the call warrants: `sms-<CallSid>`
 * (confirmations, a promised link) and `sync-<outboxId>` (the CRM webhook).
 */
export async function postCallWorkflow(input: PostCallInput): Promise<PostCallResult> {
  const result = await summarizeCall({ callSid: input.callSid, tenantId: input.tenantId });
  if (patched(FOLLOW_UPS_PATCH)) {
    const sms = await planning.planSmsFollowUp(input);
    if (sms) {
      const options = followUpOptions(smsFollowUpWorkflowId(input.callSid), input, `texts after call ${input.callSid}`);
      await unlessStartedBefore(startChild(smsFollowUpWorkflow, { ...options, args: [sms] }));
    }
    const sync = await planning.planCloudSync(input);
    if (sync) {
      const options = followUpOptions(cloudSyncWorkflowId(sync.outboxId), input, `CRM sync of call ${input.callSid}`);
      await unlessStartedBefore(startChild(cloudSyncWorkflow, { ...options, args: [sync] }));
    }
  }
  return result;
}

/**
 * Children with ABANDON: recorded in this history (the UI links them), with
 * deterministic ids, and free to outlive it: a text waits minutes, a CRM
 * retry a day, while the call's post-call work ends now. They carry the
 * call's TenantId and CallSid, so filtering by a call finds them too.
 */
function followUpOptions(workflowId: string, call: PostCallInput, summary: string) {
  return {
    workflowId,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    staticSummary: summary,
    typedSearchAttributes: [
      { key: TenantIdKey, value: call.tenantId },
      { key: CallSidKey, value: call.callSid },
    ],
  };
}

/** A child already started under its id (this workflow was reset and ran again) is left to run. */
async function unlessStartedBefore(start: Promise<unknown>): Promise<void> {
  try {
    await start;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
