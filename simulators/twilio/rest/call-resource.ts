import type { WebhookParams } from '../signed-webhook';
import { newSid } from '../sids';
import { formatPhoneNumber, rfc2822 } from './twilio-formats';

export const API_VERSION = '2010-04-01';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type EndedCallStatus = Extract<CallStatus, 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled'>;
export type CallDirection = 'inbound' | 'outbound-api';

/** AMD verdicts (protocols.md §1.5): `Enable` reports human/machine_start/fax/unknown, `DetectMessageEnd` the machine_end_* ones. */
export type AnsweredBy = 'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'machine_end_other' | 'fax' | 'unknown';

const ENDED_STATUSES: ReadonlySet<CallStatus> = new Set<EndedCallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export type StatusCallbackEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** `StatusCallback` + `StatusCallbackMethod` + `StatusCallbackEvent` of `calls.create` (protocols.md §1.4). */
export interface StatusCallbackSubscription {
  url: string;
  method: 'GET' | 'POST';
  events: ReadonlySet<StatusCallbackEvent>;
}

/** Where Twilio gets the call's instructions once it is answered: `Url` (fetched) or inline `Twiml`. */
export interface TwimlSource {
  url?: string;
  method: 'GET' | 'POST';
  twiml?: string;
}

export interface CallInit {
  sid?: string;
  accountSid: string;
  from: string;
  to: string;
  direction: CallDirection;
  status: CallStatus;
  twimlSource?: TwimlSource;
  statusCallback?: StatusCallbackSubscription;
  /** The `calls.create` form as received (PascalCase keys); empty for inbound calls. */
  createParams?: WebhookParams;
}

/** One call leg, as the Call resource describes it (protocols.md §1.5). */
export class SimulatedCall {
  readonly sid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: CallDirection;
  readonly createParams: WebhookParams;
  readonly statusCallback: StatusCallbackSubscription | undefined;
  readonly dateCreated = new Date();
  /** Every status the call went through, in order. */
  readonly statusHistory: CallStatus[];
  twimlSource: TwimlSource;
  status: CallStatus;
  dateUpdated = this.dateCreated;
  startTime: Date | undefined;
  endTime: Date | undefined;
  answeredBy: AnsweredBy | undefined;

  constructor(init: CallInit) {
    this.sid = init.sid ?? newSid('CA');
    this.accountSid = init.accountSid;
    this.from = init.from;
    this.to = init.to;
    this.direction = init.direction;
    this.createParams = init.createParams ?? {};
    this.statusCallback = init.statusCallback;
    this.twimlSource = init.twimlSource ?? { method: 'POST' };
    this.status = init.status;
    this.statusHistory = [init.status];
  }

  get ended(): boolean {
    return ENDED_STATUSES.has(this.status);
  }

  /** Whole seconds between answer and hang-up (0 if never answered). */
  get durationSeconds(): number {
    if (!this.startTime) return 0;
    return Math.floor(((this.endTime ?? new Date()).getTime() - this.startTime.getTime()) / 1000);
  }

  /** A `calls.create` parameter (the first value of a repeated one); empty counts as absent. */
  createParam(name: string): string | undefined {
    return [this.createParams[name] ?? []].flat()[0] || undefined;
  }

  setStatus(status: CallStatus): void {
    const now = new Date();
    this.status = status;
    this.statusHistory.push(status);
    this.dateUpdated = now;
    if (status === 'in-progress') this.startTime = now;
    if (ENDED_STATUSES.has(status)) this.endTime = now;
  }

  /** The parameters of every request Twilio makes about this call (protocols.md §1.1). */
  requestParams(callStatus: string = this.status): Record<string, string> {
    return {
      AccountSid: this.accountSid,
      ApiVersion: API_VERSION,
      CallSid: this.sid,
      CallStatus: callStatus,
      Called: this.to,
      Caller: this.from,
      Direction: this.direction,
      From: this.from,
      To: this.to,
      ...(this.answeredBy ? { AnsweredBy: this.answeredBy } : {}),
    };
  }

  toJson(): Record<string, unknown> {
    const uri = `/${API_VERSION}/Accounts/${this.accountSid}/Calls/${this.sid}`;
    return {
      sid: this.sid,
      date_created: rfc2822(this.dateCreated),
      date_updated: rfc2822(this.dateUpdated),
      parent_call_sid: null,
      account_sid: this.accountSid,
      to: this.to,
      to_formatted: formatPhoneNumber(this.to),
      from: this.from,
      from_formatted: formatPhoneNumber(this.from),
      phone_number_sid: null,
      status: this.status,
      start_time: this.startTime ? rfc2822(this.startTime) : null,
      end_time: this.endTime ? rfc2822(this.endTime) : null,
      duration: this.endTime ? String(this.durationSeconds) : null,
      price: null,
      price_unit: 'USD',
      direction: this.direction,
      answered_by: this.answeredBy ?? null,
      api_version: API_VERSION,
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri: `${uri}.json`,
      subresource_uris: {
        notifications: `${uri}/Notifications.json`,
        recordings: `${uri}/Recordings.json`,
        payments: `${uri}/Payments.json`,
        events: `${uri}/Events.json`,
        siprec: `${uri}/Siprec.json`,
        streams: `${uri}/Streams.json`,
        transcriptions: `${uri}/Transcriptions.json`,
        user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
        user_defined_messages: `${uri}/UserDefinedMessages.json`,
      },
    };
  }
}
