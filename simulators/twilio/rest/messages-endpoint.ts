import { apiError, type TwilioApiError } from './api-errors';
import type { CallbackSender } from './callback-sender';
import { formValue } from './http';
import { SimulatedMessage, type MessageStatus } from './message-resource';

/**
 * `POST /Messages.json` (messages.create): the new message, or the 400 the
 * real API answers for a missing `To`, `From`/`MessagingServiceSid`, or
 * `Body`/`MediaUrl`/`ContentSid`.
 */
export function newMessage(form: URLSearchParams, accountSid: string): SimulatedMessage | TwilioApiError {
  const to = formValue(form, 'To');
  const from = formValue(form, 'From');
  const messagingServiceSid = formValue(form, 'MessagingServiceSid');
  const body = formValue(form, 'Body');
  const mediaUrls = form.getAll('MediaUrl').filter(Boolean);
  if (!to) return apiError(400, 21604, "A 'To' phone number is required.");
  if (!from && !messagingServiceSid) return apiError(400, 21603, "A 'From' phone number is required.");
  if (!body && mediaUrls.length === 0 && !formValue(form, 'ContentSid')) return apiError(400, 21602, 'Message body is required.');
  return new SimulatedMessage({ accountSid, to, from, messagingServiceSid, body: body ?? '', mediaUrls, statusCallback: formValue(form, 'StatusCallback') });
}

/** After the API answered: the carrier takes the message (`sent`), then the handset confirms it (`delivered`). */
export async function deliverMessage(message: SimulatedMessage, callbacks: CallbackSender, onChange: () => void): Promise<void> {
  for (const status of ['sent', 'delivered'] satisfies MessageStatus[]) {
    await new Promise((resolve) => setImmediate(resolve));
    message.setStatus(status);
    onChange();
    if (!message.init.statusCallback) continue;
    await callbacks.send({ purpose: 'message-status', resourceSid: message.sid, url: message.init.statusCallback, method: 'POST', params: message.callbackParams() });
  }
}
