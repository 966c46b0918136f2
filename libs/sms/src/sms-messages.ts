import { defineSignal } from '@temporalio/workflow';

// Text messages between the API and the workflows. The API imports these
// definitions, never a workflow body.

/** A Twilio message status callback, forwarded by the API to the workflow that sent the message. */
export interface SmsStatusReport {
  messageSid: string;
  /** Twilio's MessageStatus: queued, sending, sent, delivered, undelivered, failed… */
  status: string;
  errorCode?: number;
  /** ISO time the API received it. */
  at: string;
}

export const smsStatusSignal = defineSignal<[SmsStatusReport]>('smsStatus');

/** Twilio statuses after which nothing more happens to a message. */
export const FINAL_SMS_STATUSES: readonly string[] = ['delivered', 'undelivered', 'failed', 'read', 'canceled'];

/** Where Twilio posts message status callbacks; the query names the workflow to tell. */
export const SMS_STATUS_PATH = '/twilio/sms-status';

export function smsStatusCallbackUrl(publicBaseUrl: string, workflowId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${SMS_STATUS_PATH}?workflowId=${encodeURIComponent(workflowId)}`;
}

/** Twilio's error for a recipient who replied STOP: the message is refused, and will be until they reply START. */
export const RECIPIENT_OPTED_OUT_ERROR = 21610;

export const smsFollowUpWorkflowId = (callSid: string) => `sms-${callSid}`;
export const inboundSmsWorkflowId = (messageSid: string) => `sms-in-${messageSid}`;

/**
 * Who a text is for. The contact rules (opt-out, consent, allow-list, daily
 * cap) protect customers; the business's own staff (a callback to return)
 * are texted without them.
 */
export type SmsRecipient = 'customer' | 'staff';

/** One message the follow-up sends: its SmsMessage row and the number it goes to. */
export interface QueuedSms {
  messageId: string;
  to: string;
  /** A customer when absent. */
  recipient?: SmsRecipient;
}

export interface SmsFollowUpInput {
  tenantId: string;
  /** The call the texts follow, when they follow one. */
  callSid?: string;
  messages: QueuedSms[];
  /** The durable wait before the first message, so the caller has hung up and settled. */
  delayMs: number;
}

export type SmsOutcome = 'delivered' | 'sent' | 'undelivered' | 'failed' | 'skipped';

export interface SmsFollowUpResult {
  messages: Array<{ messageId: string; outcome: SmsOutcome; reason?: string }>;
}

/** Twilio's `OptOutType`, sent when a Messaging Service with Advanced Opt-Out handled a keyword itself. */
export type OptOutType = 'STOP' | 'START' | 'HELP';

export interface InboundSms {
  messageSid: string;
  from: string;
  /** Our number the customer texted: it names the tenant. */
  to: string;
  body: string;
  optOutType?: OptOutType;
  receivedAt: string;
}

export type InboundSmsAction = 'opted_out' | 'opted_in' | 'help' | 'stored' | 'already_handled' | 'unknown_number';

export interface InboundSmsReply {
  action: InboundSmsAction;
  /** The one text to answer with (TwiML `<Message>`); none when Twilio already answered or nothing needs saying. */
  reply?: string;
}
