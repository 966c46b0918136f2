import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import {
  TelephonyRejection,
  TelephonyUnreachable,
  type PlaceCallInput,
  type PlacedCall,
  type ProviderRecordsQuery,
  type SentMessage,
  type SmsInput,
  type Telephony,
  type TransferInput,
} from './telephony';

/** Records read back per lookup: Twilio lists newest first, and a number gets a few calls and texts a day at most. */
const RECENT_RECORDS = 20;
/** Twilio's clock and ours may disagree, and its times are whole seconds. */
const CLOCK_SLACK_MS = 60_000;

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** e.g. http://127.0.0.1:4010 for the REST simulator; unset: api.twilio.com. */
  apiBaseUrl?: string;
}

/**
 * The SDK can only be pointed elsewhere through its HTTP client: this one
 * rewrites the origin of every request and leaves the rest to the SDK.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: new URL(original.pathname + original.search, this.baseUrl).toString() });
  }
}

export function createTwilioClient(settings: TwilioSettings): twilio.Twilio {
  return twilio(settings.accountSid, settings.authToken, {
    httpClient: settings.apiBaseUrl ? new RedirectingRequestClient(settings.apiBaseUrl) : undefined,
  });
}

export class TwilioTelephony implements Telephony {
  constructor(private readonly client: twilio.Twilio) {}

  get account(): string {
    return this.client.accountSid;
  }

  async transferCall(callSid: string, input: TransferInput): Promise<void> {
    const twiml = new twilio.twiml.VoiceResponse();
    if (input.announcement) twiml.say(input.announcement);
    twiml.dial({ callerId: input.callerId, answerOnBridge: true }).number(input.to);
    await twilioRequest(() => this.client.calls(callSid).update({ twiml: twiml.toString() }));
  }

  async hangUp(callSid: string): Promise<void> {
    await twilioRequest(() => this.client.calls(callSid).update({ status: 'completed' }));
  }

  async sayAndHangUp(callSid: string, message: string): Promise<void> {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.say(message);
    twiml.hangup();
    await twilioRequest(() => this.client.calls(callSid).update({ twiml: twiml.toString() }));
  }

  async sendSms(input: SmsInput): Promise<{ sid: string; status: string }> {
    const message = await twilioRequest(() =>
      this.client.messages.create({ to: input.to, from: input.from, body: input.body, statusCallback: input.statusCallback }),
    );
    return { sid: message.sid, status: message.status };
  }

  async placeCall(input: PlaceCallInput): Promise<{ sid: string }> {
    const call = await twilioRequest(() => this.client.calls.create({
      to: input.to,
      from: input.from,
      url: input.url,
      statusCallback: input.statusCallback,
      statusCallbackEvent: input.statusCallback ? ['initiated', 'ringing', 'answered', 'completed'] : undefined,
      machineDetection: input.machineDetection,
      asyncAmd: input.asyncAmdStatusCallback ? 'true' : undefined,
      asyncAmdStatusCallback: input.asyncAmdStatusCallback,
      timeout: input.timeoutSeconds,
    }));
    return { sid: call.sid };
  }

  async findPlacedCalls(input: ProviderRecordsQuery): Promise<PlacedCall[]> {
    const calls = await twilioRequest(() => this.client.calls.list({ to: input.to, from: input.from, limit: RECENT_RECORDS }));
    return calls.filter((call) => createdSince(call.dateCreated, input.since)).map((call) => ({ sid: call.sid, createdAt: call.dateCreated }));
  }

  async findSentMessages(input: ProviderRecordsQuery): Promise<SentMessage[]> {
    const messages = await twilioRequest(() => this.client.messages.list({ to: input.to, from: input.from, limit: RECENT_RECORDS }));
    return messages
      .filter((message) => createdSince(message.dateCreated, input.since))
      .map((message) => ({ sid: message.sid, body: message.body, status: message.status, createdAt: message.dateCreated }));
  }
}

const createdSince = (createdAt: Date, since: Date): boolean => createdAt.getTime() >= since.getTime() - CLOCK_SLACK_MS;

/** Too Many Requests: Twilio did not process the request, and asks for it again after a backoff. */
const TOO_MANY_REQUESTS = 429;

/**
 * Twilio's 4xx answers are final (e.g. 21220: call not in progress); a 429,
 * 5xx and network errors stay retryable: the activity's retry policy backs
 * off. A network error loses the HTTP client's request on the way: its
 * Authorization header would end up in the worker's log.
 */
async function twilioRequest<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof twilio.RestException && error.status >= 400 && error.status < 500 && error.status !== TOO_MANY_REQUESTS) {
      throw new TelephonyRejection(error.message, error.code);
    }
    if (isHttpClientError(error)) throw new TelephonyUnreachable(`Twilio did not answer: ${error.message}`, error.code);
    throw error;
  }
}

/** An error of the SDK's HTTP client (axios), which carries the whole request. */
function isHttpClientError(error: unknown): error is Error & { code?: string } {
  return error instanceof Error && (error as { isAxiosError?: unknown }).isAxiosError === true;
}
