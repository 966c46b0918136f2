import { proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { InboundSms, InboundSmsReply } from '../libs/sms/src/sms-messages';

// The API waits for the reply; a STOP must land even if the database blinks, so retries do not give up.
const { handleInboundSms } = proxyActivities<CallActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/**
 * `sms-in-<MessageSid>`: one text a customer sent to a business number.
 * Stores it, applies a STOP / START keyword to the do-not-contact list, and
 * returns what to answer (HELP, one opt-out confirmation) for the API's TwiML.
 */
export async function inboundSmsWorkflow(sms: InboundSms): Promise<InboundSmsReply> {
  return handleInboundSms(sms);
}
