/**
 * The phone network, as Switchboard needs it. The real adapter speaks to
 * Twilio through the official SDK; tests point that same adapter at the
 * Twilio REST simulator.
 */
export interface Telephony {
  /** The provider account the calls and texts go out on (a Twilio AccountSid): its calls-per-second is shared by every dial. */
  readonly account: string;
  /**
   * Replaces the live call's TwiML with `<Dial>` to a person (after an
   * optional spoken announcement); the media stream ends.
   */
  transferCall(callSid: string, input: TransferInput): Promise<void>;
  /** Ends a live call. */
  hangUp(callSid: string): Promise<void>;
  /** Replaces the live call's TwiML: `message` is read out (text-to-speech), then the call hangs up (a voicemail drop). */
  sayAndHangUp(callSid: string, message: string): Promise<void>;
  /**
   * Sends a text. Twilio posts the message's later statuses (sent, delivered,
   * undelivered, failed) to `statusCallback`. A refusal, e.g. 21610 for a
   * recipient who replied STOP, is a {@link TelephonyRejection}.
   */
  sendSms(input: SmsInput): Promise<{ sid: string; status: string }>;
  placeCall(input: PlaceCallInput): Promise<{ sid: string }>;
  /**
   * The calls from `from` to `to` the provider created since `since`, give
   * or take the difference of its clock and ours: what a dial whose answer
   * was lost (a crash mid-request) finds of itself.
   */
  findPlacedCalls(input: ProviderRecordsQuery): Promise<PlacedCall[]>;
  /** The texts from `from` to `to` the provider created since `since` (with the same slack): what a lost send finds of itself. */
  findSentMessages(input: ProviderRecordsQuery): Promise<SentMessage[]>;
}

export interface TransferInput {
  to: string;
  /** Caller id the person sees: our number. */
  callerId: string;
  /** Said to the caller (Twilio text-to-speech) before the dialing starts. */
  announcement?: string;
}

export interface SmsInput {
  to: string;
  /** Our number the text comes from. */
  from: string;
  body: string;
  statusCallback?: string;
}

export interface PlaceCallInput {
  to: string;
  from: string;
  /** TwiML URL Twilio fetches when the callee answers. */
  url: string;
  statusCallback?: string;
  machineDetection?: 'Enable' | 'DetectMessageEnd';
  asyncAmdStatusCallback?: string;
  timeoutSeconds?: number;
}

export interface ProviderRecordsQuery {
  to: string;
  from: string;
  since: Date;
}

export interface PlacedCall {
  sid: string;
  createdAt: Date;
}

export interface SentMessage {
  sid: string;
  body: string;
  status: string;
  createdAt: Date;
}

/**
 * Twilio could not be reached, or its answer was lost on the way (a reset
 * connection, a timeout): worth retrying. It carries no detail of the
 * request, whose headers hold the account's credentials.
 */
export class TelephonyUnreachable extends Error {
  constructor(
    message: string,
    /** The network error's code, e.g. ECONNRESET, ETIMEDOUT. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TelephonyUnreachable';
  }
}

/**
 * The phone network said no (the call already ended, a number is invalid):
 * a business outcome to report, not a fault to retry.
 */
export class TelephonyRejection extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'TelephonyRejection';
  }
}
