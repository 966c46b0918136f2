import { ApplicationFailure, executeChild, proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import { callbackCallWorkflowId, callbackStaffTextWorkflowId, type CallbackRequest } from '../libs/callbacks/src/callback-messages';
import { TenantIdKey } from '../libs/temporal/src/search-attributes';
import { outboundCallWorkflow } from './outbound-call.workflow';
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
 * The AI call to the customer: `callback-call-<id>`, an outbound call with
 * purpose callback (contact rules, contact hours, AMD, redials), whose agent
 * is told the reason and notes. Resolves with how it went; a call nobody
 * took fails the action, visibly.
 */
export async function callCustomerBack(request: CallbackRequest): Promise<string> {
  const result = await executeChild(outboundCallWorkflow, {
    workflowId: callbackCallWorkflowId(request.callbackId),
    args: [{ tenantId: request.tenantId, purpose: 'callback', to: request.phone, context: callbackContext(request) }],
    typedSearchAttributes: [{ key: TenantIdKey, value: request.tenantId }],
    staticSummary: `call ${request.phone} back`,
  });
  if (result.outcome === 'human') return 'customer_called';
  if (result.outcome === 'voicemail') return 'voicemail_left';
  throw actionFailed(`ai_call_${result.outcome}`, `the call to ${request.phone} ended ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`);
}

function callbackContext(request: CallbackRequest): string {
  const who = request.name ? `${request.name} asked` : 'The customer asked';
  return `${who} to be called back about: ${request.reason}.${request.notes ? ` Notes: ${request.notes}` : ''}`;
}
