import { proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { PostCallInput, PostCallResult } from '../libs/calls/src';

const { summarizeCall } = proxyActivities<CallActivities>({
  // An LLM summary can be slow; a rate limit is worth waiting out.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * `post-call-<CallSid>`: what happens once the caller has hung up. Reads the
 * persisted transcript and tool calls, stores a structured summary and the
 * call's cost.
 */
export async function postCallWorkflow(input: PostCallInput): Promise<PostCallResult> {
  return summarizeCall({ callSid: input.callSid, tenantId: input.tenantId });
}
