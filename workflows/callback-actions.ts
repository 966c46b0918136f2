import { ApplicationFailure, executeChild, proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import { callbackStaffTextWorkflowId, type CallbackRequest } from '../libs/callbacks/src/callback-messages';
import { TenantIdKey } from '../libs/temporal/src/search-attributes';
import { smsFollowUpWorkflow } from './sms-follow-up.workflow';

const records = proxyActivities<CallActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** What a callback's action reports: its outcome word, which the Callback row and the failure carry. */
export function actionFailed(outcome: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'CallbackActionFailed', message, details: [outcome], nonRetryable: true });
}

/**
 * Texts the staff member on duty to return the call, through the SMS
 * follow-up path (`sms-callback-<id>`: retries, provider statuses), without
 * the customers' contact rules. Resolves once Twilio says how it went.
 */
export async function textStaffOnDuty(request: CallbackRequest): Promise<string> {
  const staff = await records.queueCallbackStaffText({ callbackId: request.callbackId });
  if (!staff.queued) throw actionFailed(staff.reason, `nobody to text about callback ${request.callbackId}: ${staff.reason}`);
  const { messages } = await executeChild(smsFollowUpWorkflow, {
    workflowId: callbackStaffTextWorkflowId(request.callbackId),
    args: [{ tenantId: request.tenantId, callSid: request.callSid, messages: [staff.sms], delayMs: 0 }],
    typedSearchAttributes: [{ key: TenantIdKey, value: request.tenantId }],
    staticSummary: `text staff to call ${request.phone} back`,
  });
  const [text] = messages;
  if (text.outcome !== 'delivered' && text.outcome !== 'sent') {
    throw actionFailed(`staff_text_${text.outcome}`, `the text to staff was ${text.outcome}${text.reason ? ` (${text.reason})` : ''}`);
  }
  return 'staff_texted';
}

/**
 * The AI call to the customer: the seam for `outboundCallWorkflow` (purpose
 * callback, libs/outbound), which this build does not have yet. Until it is
 * started here as a child, the action fails; it never passes for done.
 */
export async function callCustomerBack(request: CallbackRequest): Promise<string> {
  throw actionFailed('ai_call_unavailable', `callback ${request.callbackId}: AI calls need outboundCallWorkflow, which this build does not include`);
}
