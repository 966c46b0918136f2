import { ActivityFailure, condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { CallActivities } from '../activities';
import type { SmsSendOutcome } from '../activities/sms/sms-follow-up-activities';
import {
  FINAL_SMS_STATUSES,
  smsStatusSignal,
  type QueuedSms,
  type SmsFollowUpInput,
  type SmsFollowUpResult,
  type SmsOutcome,
  type SmsStatusReport,
} from '../libs/sms/src/sms-messages';

/** How long statuses are awaited once the texts are out (a text's validity period is at most 4 hours). */
const STATUS_WAIT_MS = 4 * 60 * 60 * 1000;

const BOOKKEEPING_OPTIONS = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const bookkeeping = proxyActivities<CallActivities>(BOOKKEEPING_OPTIONS);

// Twilio unreachable is worth waiting out for a quarter of an hour; after that this text is given up.
const SEND_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 6 },
} as const;
const sending = proxyActivities<CallActivities>(SEND_OPTIONS);

type MessageOutcome = { outcome: SmsOutcome; reason?: string };

const OUTCOME_OF_STATUS: Record<string, SmsOutcome> = { delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'failed', canceled: 'failed' };

/**
 * `sms-<CallSid>`: the texts a finished call owes (a booking confirmation,
 * a new time, a promised payment link), or `sms-callback-<id>`: the text
 * telling staff to return a call. After a durable delay, each text to a
 * customer must pass the contact check (opt-out, consent, allow-list, daily
 * cap) at that moment; then it is sent with retries and followed until Twilio's
 * status callbacks (the `smsStatus` signal) say how it ended.
 */
export async function smsFollowUpWorkflow(input: SmsFollowUpInput): Promise<SmsFollowUpResult> {
  const reports: SmsStatusReport[] = [];
  setHandler(smsStatusSignal, (report) => {
    reports.push(report);
  });

  if (input.delayMs > 0) await sleep(input.delayMs, { summary: 'wait before texting' });

  const outcomes = new Map<string, MessageOutcome>();
  /** MessageSid → our message id, for texts whose fate Twilio has yet to report. */
  const awaited = new Map<string, string>();
  for (const message of input.messages) {
    const sent = await checkAndSend(input.tenantId, message);
    if (sent.messageSid) awaited.set(sent.messageSid, message.messageId);
    outcomes.set(message.messageId, sent.result);
  }

  const deadline = Date.now() + STATUS_WAIT_MS;
  while (awaited.size > 0 || reports.length > 0) {
    if (reports.length === 0 && !(await condition(() => reports.length > 0, Math.max(deadline - Date.now(), 1)))) break;
    const report = reports.shift()!;
    await bookkeeping.recordSmsStatus.executeWithOptions({ ...BOOKKEEPING_OPTIONS, summary: `status ${report.status}` }, [report]);
    const messageId = awaited.get(report.messageSid);
    if (messageId && FINAL_SMS_STATUSES.includes(report.status)) {
      outcomes.set(messageId, { outcome: OUTCOME_OF_STATUS[report.status] ?? 'failed' });
      awaited.delete(report.messageSid);
    }
  }
  return { messages: input.messages.map((message) => ({ messageId: message.messageId, ...outcomes.get(message.messageId)! })) };
}

async function checkAndSend(tenantId: string, message: QueuedSms): Promise<{ result: MessageOutcome; messageSid?: string }> {
  if (message.recipient !== 'staff') {
    const check = await bookkeeping.checkContactAllowed.executeWithOptions({ ...BOOKKEEPING_OPTIONS, summary: `may we text ${message.to}?` }, [
      { tenantId, phone: message.to, channel: 'sms' },
    ]);
    if (!check.allowed) {
      await bookkeeping.recordSmsNotSent({ messageId: message.messageId, status: 'SKIPPED', reason: check.reason });
      return { result: { outcome: 'skipped', reason: check.reason } };
    }
  }
  let sent: SmsSendOutcome;
  try {
    sent = await sending.sendQueuedSms.executeWithOptions({ ...SEND_OPTIONS, summary: `text ${message.to}` }, [
      { messageId: message.messageId, statusWorkflowId: workflowInfo().workflowId },
    ]);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await bookkeeping.recordSmsNotSent({ messageId: message.messageId, status: 'FAILED', reason: 'twilio_unreachable' });
    return { result: { outcome: 'failed', reason: 'twilio_unreachable' } };
  }
  switch (sent.outcome) {
    case 'sent':
      return { result: { outcome: 'sent' }, messageSid: sent.messageSid };
    case 'rejected':
      return { result: { outcome: 'failed', reason: sent.errorCode ? `twilio_${sent.errorCode}` : sent.reason } };
    case 'not_sent':
      return { result: { outcome: 'skipped', reason: sent.reason } };
  }
}
