import { sendSignedWebhook, type WebhookParams, type WebhookResponse } from '../signed-webhook';

/** Why Twilio made the request. */
export type CallbackPurpose = 'call-status' | 'call-twiml' | 'async-amd' | 'message-status';

export interface CallbackRequest {
  purpose: CallbackPurpose;
  /** The call or message the request is about. */
  resourceSid: string;
  url: string;
  method: 'GET' | 'POST';
  params: WebhookParams;
}

export interface CallbackRecord extends CallbackRequest {
  /** When it was asked for; it goes out once the earlier requests about the same resource have settled. */
  queuedAt: Date;
  /** The application's answer; absent until then, or if the request failed. */
  response?: WebhookResponse;
  /** Why the request failed (connection refused, timeout, simulator closed). */
  error?: string;
}

/**
 * Makes Twilio's signed requests to the application and records them.
 * Requests about the same call or message go out one after another, in the
 * order they were asked for.
 */
export class CallbackSender {
  /** Every request asked for, in that order. */
  readonly records: CallbackRecord[] = [];
  private readonly inFlight = new Map<string, Promise<CallbackRecord>>();
  private stopped = false;

  constructor(
    private readonly authToken: string,
    private readonly onSettled: (record: CallbackRecord) => void,
  ) {}

  /** Never rejects: a failed request is recorded with its `error`. */
  send(request: CallbackRequest): Promise<CallbackRecord> {
    const record: CallbackRecord = { ...request, queuedAt: new Date() };
    this.records.push(record);
    const previous = this.inFlight.get(request.resourceSid) ?? Promise.resolve(undefined);
    const sending = previous.then(() => this.deliver(record));
    this.inFlight.set(request.resourceSid, sending);
    return sending;
  }

  /** Whether every request about `resourceSid` asked for so far got its answer or failed. */
  settled(resourceSid: string): boolean {
    return this.records.every((record) => record.resourceSid !== resourceSid || record.response !== undefined || record.error !== undefined);
  }

  /** Sends nothing more; resolves once the requests already under way have settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.inFlight.values());
  }

  private async deliver(record: CallbackRecord): Promise<CallbackRecord> {
    if (this.stopped) {
      record.error = 'not sent: the simulator was closed';
      return record;
    }
    try {
      record.response = await sendSignedWebhook({ url: record.url, method: record.method, params: record.params, authToken: this.authToken });
    } catch (error) {
      record.error = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error);
    }
    this.onSettled(record);
    return record;
  }
}
