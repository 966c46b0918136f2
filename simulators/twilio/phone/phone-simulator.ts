import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import type { AnsweredCall, CallLine } from '../rest/call-line';
import type { TwilioRestSimulator } from '../rest/simulator';
import { sendSignedWebhook } from '../signed-webhook';
import { findConnectStream, findDial, parseTwiml, type TwimlVerb } from '../twiml';
import { twimlAfterStream } from './after-stream';
import { PhoneCall } from './phone-call';
import { DEFAULT_CALLER_VOICE, type CallerVoice } from './speech-synthesizer';
import { standaloneLine } from './standalone-line';

export interface DialOptions {
  /** Where our API listens, e.g. `http://127.0.0.1:3000`. */
  apiBaseUrl: string;
  /** The API's public URL: Twilio signs its webhooks over `publicUrl + voicePath`. */
  publicUrl: string;
  /** Default `/twilio/voice`. */
  voicePath?: string;
  accountSid: string;
  authToken: string;
  from: string;
  to: string;
  /** Default: a new `CA…`. */
  callSid?: string;
  /** How long Twilio takes from the TwiML to opening the stream; default 0. */
  streamConnectDelayMs?: number;
  /** The REST simulator that knows this call, so the application can update it (transfer, hang up). Its credentials must be the ones above. */
  rest?: TwilioRestSimulator;
}

/** How the application answered the call. */
export type DialResult =
  /** `<Connect><Stream>`: the media stream is up. */
  | { kind: 'stream'; call: PhoneCall; verbs: TwimlVerb[] }
  /** TwiML without a stream (`<Say>`, `<Dial>`, `<Record>`, `<Hangup>`…): executed symbolically; `dialed` for a `<Dial>`. */
  | { kind: 'twiml'; verbs: TwimlVerb[]; dialed?: string }
  /** `<Connect><Stream>`, but the WebSocket could not be opened (Twilio's error 31920). */
  | { kind: 'stream-failed'; verbs: TwimlVerb[]; error: string }
  /** The webhook failed (non-2xx or not TwiML): Twilio says "an application error has occurred" and hangs up. */
  | { kind: 'webhook-failed'; status: number; body: string; error: string };

/**
 * A caller on the phone network: places inbound calls the way Twilio
 * delivers them (signed voice webhook, then the Media Streams WebSocket the
 * TwiML names), or picks up outbound calls the REST simulator places.
 */
export class PhoneSimulator {
  private readonly calls: PhoneCall[] = [];

  constructor(private readonly voice: CallerVoice = DEFAULT_CALLER_VOICE) {}

  async dial(options: DialOptions): Promise<DialResult> {
    const line = this.lineFor(options);
    const voicePath = options.voicePath ?? '/twilio/voice';
    const webhookUrl = options.publicUrl + voicePath;
    const dialedAt = performance.now();
    const response = await sendSignedWebhook({ url: options.apiBaseUrl + voicePath, signedUrl: webhookUrl, params: line.call.requestParams(), authToken: options.authToken });
    let verbs: TwimlVerb[] | undefined;
    let error = `HTTP ${response.status}`;
    try {
      if (response.status >= 200 && response.status < 300) verbs = parseTwiml(response.body);
    } catch (invalid) {
      error = `not TwiML: ${(invalid as Error).message}`;
    }
    line.answer();
    if (!verbs) {
      line.hangUp();
      return { kind: 'webhook-failed', status: response.status, body: response.body, error };
    }
    // Twilio's later requests to the application go where this one went.
    const reach = (url: string) => (url.startsWith(options.publicUrl) ? options.apiBaseUrl + url.slice(options.publicUrl.length) : url);
    return this.follow(line, verbs, webhookUrl, { dialedAt, twimlAt: performance.now(), streamConnectDelayMs: options.streamConnectDelayMs ?? 0 }, reach);
  }

  /** {@link dial}, for tests that expect a media stream: anything else is an error. */
  async dialIntoStream(options: DialOptions): Promise<PhoneCall> {
    const result = await this.dial(options);
    if (result.kind === 'stream') return result.call;
    throw new Error(`Expected <Connect><Stream>, got ${JSON.stringify(result)}`);
  }

  /** For a callee's `onAnswered`: follows the TwiML the application returned for an outbound call. */
  pickUp(answered: AnsweredCall): Promise<DialResult> {
    const now = performance.now();
    return this.follow(answered, answered.verbs, answered.twimlUrl, { dialedAt: now, twimlAt: now, streamConnectDelayMs: 0 }, (url) => url);
  }

  /** Hangs up every call still streaming (for afterEach). */
  async hangUpAll(): Promise<void> {
    await Promise.all(this.calls.map((call) => call.hangUp()));
  }

  private lineFor(options: DialOptions): CallLine {
    if (!options.rest) return standaloneLine(options);
    if (options.rest.accountSid !== options.accountSid) throw new Error(`The REST simulator serves ${options.rest.accountSid}, not ${options.accountSid}.`);
    const line = options.rest.registerInboundCall(options);
    if (line.authToken !== options.authToken) throw new Error('The REST simulator has another auth token.');
    return line;
  }

  private async follow(
    line: CallLine,
    verbs: TwimlVerb[],
    twimlUrl: string | undefined,
    timing: { dialedAt: number; twimlAt: number; streamConnectDelayMs: number },
    reach: (url: string) => string,
  ): Promise<DialResult> {
    const stream = findConnectStream(verbs);
    if (!stream) {
      const dialed = findDial(verbs)?.numbers[0];
      if (!dialed) line.hangUp();
      return { kind: 'twiml', verbs, dialed };
    }
    if (timing.streamConnectDelayMs > 0) await sleep(timing.streamConnectDelayMs);
    const socket = await openStream(stream.url, twimlUrl, line.authToken);
    if (typeof socket === 'string') {
      line.hangUp();
      return { kind: 'stream-failed', verbs, error: socket };
    }
    const afterStream = () =>
      twimlAfterStream({ verbs, stream, params: line.call.requestParams(), authToken: line.authToken, documentUrl: twimlUrl, reach });
    const call = new PhoneCall({ socket, line, stream, voice: this.voice, timeline: { dialedAt: timing.dialedAt, twimlAt: timing.twimlAt }, afterStream });
    this.calls.push(call);
    return { kind: 'stream', call, verbs };
  }
}

/**
 * Opens the WebSocket of `<Stream url>` (which may be relative to the TwiML's URL; Twilio connects
 * over ws(s) either way), with the upgrade signed over that URL and no params. Why it failed, if it did.
 */
async function openStream(url: string, twimlUrl: string | undefined, authToken: string): Promise<WebSocket | string> {
  let target: URL;
  try {
    target = new URL(url, twimlUrl);
  } catch {
    return `invalid <Stream url="${url}">`;
  }
  target.protocol = target.protocol.replace(/^http/, 'ws');
  const signature = twilio.getExpectedTwilioSignature(authToken, target.toString(), {});
  const socket = new WebSocket(target, { headers: { 'x-twilio-signature': signature } });
  return new Promise((resolve) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', (error) => resolve(error.message));
  });
}
