import { newSid } from '../sids';
import { API_VERSION } from './call-resource';
import { rfc2822 } from './twilio-formats';

export type MessageStatus = 'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface MessageInit {
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  mediaUrls: string[];
  statusCallback?: string;
}

/** GSM 03.38 basic characters: such messages take 160 characters a segment, others (UCS-2) 70. */
const GSM7 = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

/** One outbound SMS/MMS, as the Message resource describes it (protocols.md §1.5). */
export class SimulatedMessage {
  readonly sid = newSid('SM');
  readonly dateCreated = new Date();
  readonly statusHistory: MessageStatus[];
  status: MessageStatus;
  dateUpdated = this.dateCreated;
  dateSent: Date | undefined;

  constructor(readonly init: MessageInit) {
    this.status = init.messagingServiceSid ? 'accepted' : 'queued';
    this.statusHistory = [this.status];
  }

  setStatus(status: MessageStatus): void {
    this.status = status;
    this.statusHistory.push(status);
    this.dateUpdated = new Date();
    if (status === 'sent') this.dateSent = this.dateUpdated;
  }

  get segmentCount(): number {
    const [single, multipart] = GSM7.test(this.init.body) ? [160, 153] : [70, 67];
    const length = [...this.init.body].length;
    return length <= single ? 1 : Math.ceil(length / multipart);
  }

  /** The parameters of a message status callback. */
  callbackParams(): Record<string, string> {
    return {
      AccountSid: this.init.accountSid,
      ApiVersion: API_VERSION,
      From: this.init.from ?? '',
      MessageSid: this.sid,
      MessageStatus: this.status,
      SmsSid: this.sid,
      SmsStatus: this.status,
      To: this.init.to,
      ...(this.init.messagingServiceSid ? { MessagingServiceSid: this.init.messagingServiceSid } : {}),
    };
  }

  toJson(): Record<string, unknown> {
    const uri = `/${API_VERSION}/Accounts/${this.init.accountSid}/Messages/${this.sid}`;
    return {
      account_sid: this.init.accountSid,
      api_version: API_VERSION,
      body: this.init.body,
      date_created: rfc2822(this.dateCreated),
      date_sent: this.dateSent ? rfc2822(this.dateSent) : null,
      date_updated: rfc2822(this.dateUpdated),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: this.init.from ?? null,
      messaging_service_sid: this.init.messagingServiceSid ?? null,
      num_media: String(this.init.mediaUrls.length),
      num_segments: String(this.segmentCount),
      price: null,
      price_unit: 'USD',
      sid: this.sid,
      status: this.status,
      subresource_uris: { media: `${uri}/Media.json` },
      to: this.init.to,
      uri: `${uri}.json`,
    };
  }
}
