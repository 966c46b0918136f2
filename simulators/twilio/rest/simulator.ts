import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionWaiters } from '../conditions';
import { authenticationFailed, callNotInProgress, resourceNotFound, type TwilioApiError } from './api-errors';
import { CallbackSender, type CallbackRecord } from './callback-sender';
import { DEFAULT_CALLEE, type CalleeScript } from './callee-script';
import type { CallLine, CallUpdateRecord } from './call-line';
import { CallProgress } from './call-progress';
import { SimulatedCall, type CallStatus } from './call-resource';
import { fetchCallTwiml } from './call-twiml';
import { callUpdateRequest, newOutboundCall } from './calls-endpoint';
import { basicCredentials, formToParams, formValue, readForm, sendJson } from './http';
import { deliverIncomingText, type IncomingText, type InboundMessageRecord } from './inbound-message';
import { deliverMessage, newMessage } from './messages-endpoint';
import { SimulatedMessage, type MessageStatus } from './message-resource';
import { listPage, type ListFilters } from './list-page';
import { runOutboundCall } from './outbound-call-run';
import { faultResponse, RequestFaults, type CreateFault, type CreateRequestRecord, type FaultyCollection } from './request-faults';
import { StopFilter } from './stop-filtering';

export interface TwilioRestSimulatorOptions {
  accountSid: string;
  authToken: string;
  /** 0 or absent: a free port. */
  port?: number;
}

export interface TwilioRestSimulatorEvents {
  /** A calls.create was accepted: emitted before the application gets its 201, so a listener acts while the dial is still in flight. */
  callCreated: [call: SimulatedCall];
  /** A `calls(sid).update` was applied: a `Status` at once, new TwiML once it is known (fetched from `Url`). */
  callUpdated: [update: CallUpdateRecord];
  callStatusChanged: [call: SimulatedCall];
  messageStatusChanged: [message: SimulatedMessage];
  /** An incoming text's webhook got its answer (or failed). */
  inboundMessageAnswered: [record: InboundMessageRecord];
  /** A request to the application (status callback, TwiML fetch…) got its answer or failed. */
  callbackSettled: [record: CallbackRecord];
}

/** What calls.list and messages.list filter by here (see listPage). */
const CALL_FILTERS: ListFilters<SimulatedCall> = { To: (call) => call.to, From: (call) => call.from, Status: (call) => call.status, ParentCallSid: () => null };
const MESSAGE_FILTERS: ListFilters<SimulatedMessage> = { To: (message) => message.init.to, From: (message) => message.init.from };

const RESOURCE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/(Calls|Messages)(?:\/([^/]+))?\.json$/;

/**
 * api.twilio.com on 127.0.0.1 for the official `twilio` SDK (protocols.md §1.5):
 * calls.create, calls.list, calls(sid).update, messages.create and messages.list with Basic auth,
 * form-encoded requests and snake_case JSON answers, then what Twilio does
 * next: it drives each outbound call as its {@link CalleeScript} says, with
 * signed status callbacks and the TwiML request, and delivers messages
 * (status callbacks sent, delivered). Handsets can text our numbers
 * ({@link receiveText}), with Twilio's STOP filtering and its 21610 refusals.
 * Creates can be made to meet 429s, 5xx or a lost answer ({@link failCreates}).
 */
export class TwilioRestSimulator extends EventEmitter<TwilioRestSimulatorEvents> {
  readonly calls: SimulatedCall[] = [];
  readonly messages: SimulatedMessage[] = [];
  readonly updates: CallUpdateRecord[] = [];
  /** messages.create requests refused (e.g. 21610 for a recipient who replied STOP): never sent. */
  readonly refusedMessages: Array<{ to: string; from?: string; body?: string; error: TwilioApiError }> = [];
  /** Texts handsets sent to our numbers, with the application's answers. */
  readonly inboundMessages: InboundMessageRecord[] = [];
  /** Every calls.create and messages.create request received, in order, with what it was answered: the witness of retries. */
  readonly createRequests: CreateRequestRecord[] = [];
  /** Failures of the simulator's own background work (a callee's `onAnswered` that threw…); tests should expect it empty. */
  readonly errors: unknown[] = [];
  private readonly callbacks: CallbackSender;
  private readonly progress: CallProgress;
  private readonly callees = new Map<string, CalleeScript[]>();
  private readonly standingCallees = new Map<string, CalleeScript>();
  private readonly waiters = new ConditionWaiters();
  private readonly closing = new AbortController();
  private readonly stopFilter = new StopFilter();
  private readonly faults = new RequestFaults();

  private constructor(
    private readonly http: Server,
    private readonly options: TwilioRestSimulatorOptions,
  ) {
    super();
    this.callbacks = new CallbackSender(options.authToken, (record) => this.changed('callbackSettled', record));
    this.progress = new CallProgress(this.callbacks, (call) => this.changed('callStatusChanged', call));
    http.on('request', (request: IncomingMessage, response: ServerResponse) =>
      this.serve(request, response).catch((error: unknown) => sendJson(response, 500, { code: 20500, message: String(error), status: 500 })),
    );
  }

  static async start(options: TwilioRestSimulatorOptions): Promise<TwilioRestSimulator> {
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    return new TwilioRestSimulator(http, options);
  }

  /** For `createTwilioClient({ apiBaseUrl })`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get accountSid(): string {
    return this.options.accountSid;
  }

  /** Every request Twilio made (or is about to make) to the application, in order: status callbacks, TwiML fetches, AMD results. */
  get callbacksSent(): readonly CallbackRecord[] {
    return this.callbacks.records;
  }

  /** The next outbound call to `to` meets this callee (one script per call, in order); then the standing callee ({@link setCallee}), else a human answers. */
  scriptCallee(to: string, script: CalleeScript): void {
    this.callees.set(to, [...(this.callees.get(to) ?? []), script]);
  }

  /** Every call to `to` meets this callee (after any {@link scriptCallee} scripts are used up): a number's standing behaviour. */
  setCallee(to: string, script: CalleeScript): void {
    this.standingCallees.set(to, script);
  }

  /**
   * The next creates in `collection` (calls.create, messages.create), to `to`
   * or to anyone, meet these faults, one request each, in order; the ones
   * after them are served as usual. Logged in {@link createRequests}.
   */
  failCreates(collection: FaultyCollection, faults: readonly CreateFault[], options: { to?: string } = {}): void {
    this.faults.add(collection, faults, options.to);
  }

  /** An inbound call ringing at `to`: the REST API now knows it, so the application can update it. */
  registerInboundCall(input: { from: string; to: string; callSid?: string }): CallLine {
    const call = new SimulatedCall({ sid: input.callSid, accountSid: this.accountSid, from: input.from, to: input.to, direction: 'inbound', status: 'ringing' });
    this.calls.push(call);
    this.changed('callStatusChanged', call);
    return this.lineFor(call);
  }

  /**
   * A handset texts one of our numbers: Twilio applies its STOP filtering
   * (STOP blocks later messages to the handset with 21610, START lifts it)
   * and posts the signed incoming-message webhook.
   */
  async receiveText(text: IncomingText): Promise<InboundMessageRecord> {
    this.stopFilter.apply(text.from, text.to, text.body);
    const record = await deliverIncomingText(text, this.accountSid, this.options.authToken);
    this.inboundMessages.push(record);
    this.changed('inboundMessageAnswered', record);
    return record;
  }

  /** Twilio has `handset` on its blocklist for `ourNumber` (it replied STOP where our webhook never heard it). */
  blockRecipient(handset: string, ourNumber: string): void {
    this.stopFilter.block(handset, ourNumber);
  }

  call(sid: string): SimulatedCall {
    const call = this.calls.find((candidate) => candidate.sid === sid);
    if (!call) throw new Error(`No call ${sid} (known: ${this.calls.map((known) => known.sid).join(', ') || 'none'}).`);
    return call;
  }

  /** Resolves once `condition` holds, re-checked after every change the simulator makes or observes. */
  waitUntil(condition: () => boolean): Promise<void> {
    return this.waiters.waitUntil(condition);
  }

  waitForCallStatus(callSid: string, status: CallStatus): Promise<void> {
    return this.waitUntil(() => this.calls.some((call) => call.sid === callSid && call.statusHistory.includes(status)));
  }

  waitForMessageStatus(messageSid: string, status: MessageStatus): Promise<void> {
    return this.waitUntil(() => this.messages.some((message) => message.sid === messageSid && message.statusHistory.includes(status)));
  }

  /** Resolves once every request about this call or message asked for so far got its answer (or failed). */
  waitForCallbacksSettled(resourceSid: string): Promise<void> {
    return this.waitUntil(() => this.callbacks.settled(resourceSid));
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.callbacks.stop();
    this.waiters.fail(new Error('The Twilio REST simulator was closed.'));
    this.http.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.http.close((error) => (error ? reject(error) : resolve())));
  }

  private changed<E extends keyof TwilioRestSimulatorEvents>(event: E, ...args: TwilioRestSimulatorEvents[E]): void {
    (this.emit as (event: E, ...args: TwilioRestSimulatorEvents[E]) => boolean)(event, ...args);
    this.waiters.check();
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname: path, searchParams: query } = new URL(request.url ?? '/', this.baseUrl);
    const reply = (status: number, body: unknown) => sendJson(response, status, body);
    const fail = (error: TwilioApiError) =>
      sendJson(response, error.status, error, error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {});
    const credentials = basicCredentials(request);
    if (credentials?.username !== this.accountSid || credentials.password !== this.options.authToken) return fail(authenticationFailed());
    const [, accountSid, collection, sid] = RESOURCE_PATH.exec(path) ?? [];
    if (accountSid !== this.accountSid) return fail(resourceNotFound(path));
    if (request.method === 'GET' && sid === undefined) {
      const listed = collection === 'Calls'
        ? listPage('Calls', this.calls, this.accountSid, query, CALL_FILTERS)
        : listPage('Messages', this.messages, this.accountSid, query, MESSAGE_FILTERS);
      return 'page' in listed ? reply(200, listed.page) : fail(listed.error);
    }
    if (request.method !== 'POST') return fail(resourceNotFound(path));
    const form = await readForm(request);
    if (sid === undefined) return this.create(collection as FaultyCollection, form, response);
    if (collection !== 'Calls') return fail(resourceNotFound(path));
    const call = this.calls.find((candidate) => candidate.sid === sid);
    if (!call) return fail(resourceNotFound(path));
    const error = this.updateCall(call, form);
    return error ? fail(error) : reply(200, call.toJson());
  }

  /** calls.create and messages.create, unless a fault queued by {@link failCreates} answers instead. */
  private create(collection: FaultyCollection, form: URLSearchParams, response: ServerResponse): void {
    const record: CreateRequestRecord = { collection, to: formValue(form, 'To') ?? '', receivedAt: new Date(), answer: 201 };
    this.createRequests.push(record);
    const fault = this.faults.take(collection, record.to);
    if (fault !== undefined && fault !== 'lost-answer') {
      record.answer = fault.status;
      this.waiters.check();
      const { error, headers } = faultResponse(fault);
      return sendJson(response, error.status, error, headers);
    }
    const answer = (status: number, body: unknown) => {
      record.answer = fault ?? status;
      this.waiters.check();
      // The request took effect; its answer never reaches the client.
      if (fault === 'lost-answer') response.socket?.destroy();
      else sendJson(response, status, body);
    };
    if (collection === 'Calls') return this.createCall(form, answer);
    this.createMessage(form, answer);
  }

  private createCall(form: URLSearchParams, answer: (status: number, body: unknown) => void): void {
    const call = newOutboundCall(form, this.accountSid);
    if (!(call instanceof SimulatedCall)) return answer(call.status, call);
    this.calls.push(call);
    this.changed('callCreated', call);
    answer(201, call.toJson());
    this.startOutboundCall(call);
  }

  private createMessage(form: URLSearchParams, answer: (status: number, body: unknown) => void): void {
    const refusal = this.stopFilter.refusal(formValue(form, 'To') ?? '', formValue(form, 'From'));
    if (refusal) {
      this.refusedMessages.push({ to: formValue(form, 'To') ?? '', from: formValue(form, 'From'), body: formValue(form, 'Body'), error: refusal });
      return answer(refusal.status, refusal);
    }
    const message = newMessage(form, this.accountSid);
    if (!(message instanceof SimulatedMessage)) return answer(message.status, message);
    this.messages.push(message);
    answer(201, message.toJson());
    void deliverMessage(message, this.callbacks, () => this.changed('messageStatusChanged', message));
  }

  private startOutboundCall(call: SimulatedCall): void {
    const scripts = this.callees.get(call.to) ?? [];
    const callee = scripts.shift() ?? this.standingCallees.get(call.to) ?? DEFAULT_CALLEE;
    const context = { progress: this.progress, callbacks: this.callbacks, lineFor: (outbound: SimulatedCall) => this.lineFor(outbound), signal: this.closing.signal };
    runOutboundCall(call, callee, context).catch((error: unknown) => {
      if (!this.closing.signal.aborted) this.errors.push(error);
    });
  }

  /** Hang-ups apply at once; new TwiML (inline or fetched from `Url`) replaces what a live call is doing. */
  private updateCall(call: SimulatedCall, form: URLSearchParams): TwilioApiError | undefined {
    const request = callUpdateRequest(form);
    const update: CallUpdateRecord = { callSid: call.sid, params: formToParams(form), receivedAt: new Date() };
    if (request.kind === 'redirect' && call.ended) return callNotInProgress();
    this.updates.push(update);
    this.waiters.check();
    if (request.kind === 'hang-up') {
      update.status = request.status;
      const ringing = call.status === 'queued' || call.status === 'ringing';
      if (request.status === 'completed' || ringing) this.progress.report(call, ringing ? 'canceled' : 'completed');
      this.changed('callUpdated', update);
    } else if (request.kind === 'redirect') {
      call.twimlSource = { url: request.url, twiml: request.twiml, method: request.method };
      if (call.status === 'in-progress') void this.replaceTwiml(call, update);
    }
    return undefined;
  }

  private async replaceTwiml(call: SimulatedCall, update: CallUpdateRecord): Promise<void> {
    const twiml = await fetchCallTwiml(call, this.callbacks);
    if (twiml.ok) update.twiml = twiml.twiml;
    else {
      update.twimlError = twiml.error;
      this.progress.report(call, 'completed'); // Twilio says "an application error has occurred" and hangs up
    }
    this.changed('callUpdated', update);
  }

  private lineFor(call: SimulatedCall): CallLine {
    return {
      call,
      authToken: this.options.authToken,
      onUpdated: (listener) => {
        const forThisCall = (update: CallUpdateRecord) => {
          if (update.callSid === call.sid) listener(update);
        };
        this.on('callUpdated', forThisCall);
        return () => this.off('callUpdated', forThisCall);
      },
      answer: () => {
        if (call.status === 'queued' || call.status === 'ringing') this.progress.report(call, 'in-progress');
      },
      hangUp: () => this.progress.report(call, 'completed'),
    };
  }
}
