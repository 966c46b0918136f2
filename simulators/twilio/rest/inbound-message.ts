import { sendSignedWebhook, type WebhookResponse } from '../signed-webhook';
import { newSid } from '../sids';
import { parseTwiml } from '../twiml';
import { API_VERSION } from './call-resource';
import { keywordType, type OptOutType } from './stop-filtering';

export interface IncomingText {
  /** The application's incoming-message webhook (the number's Messaging URL). */
  url: string;
  /** The handset that texts. */
  from: string;
  /** Our number it texts. */
  to: string;
  body: string;
  /** As through a Messaging Service with Advanced Opt-Out: keywords carry `OptOutType` (Twilio has answered them itself). */
  advancedOptOut?: boolean;
}

/** A text a handset sent to one of our numbers, with the application's answer. */
export interface InboundMessageRecord {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  optOutType?: OptOutType;
  response?: WebhookResponse;
  error?: string;
  /** The `<Message>` replies of the TwiML answer, as Twilio would send them back. */
  replies: string[];
}

/** Posts Twilio's signed incoming-message webhook (protocols.md §1.1 shape, messaging parameters). */
export async function deliverIncomingText(text: IncomingText, accountSid: string, authToken: string): Promise<InboundMessageRecord> {
  const messageSid = newSid('SM');
  const optOutType = text.advancedOptOut ? keywordType(text.body) : undefined;
  const record: InboundMessageRecord = { messageSid, from: text.from, to: text.to, body: text.body, optOutType, replies: [] };
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: API_VERSION,
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    SmsStatus: 'received',
    From: text.from,
    To: text.to,
    Body: text.body,
    NumMedia: '0',
    NumSegments: '1',
    ...(optOutType ? { OptOutType: optOutType } : {}),
  };
  try {
    record.response = await sendSignedWebhook({ url: text.url, params, authToken });
    if (record.response.status === 200 && record.response.body.trim()) {
      record.replies = parseTwiml(record.response.body)
        .filter((verb) => verb.name === 'Message')
        .map((verb) => verb.text);
    }
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
  return record;
}
