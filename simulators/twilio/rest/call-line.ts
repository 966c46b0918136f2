import type { WebhookParams } from '../signed-webhook';
import type { TwimlVerb } from '../twiml';
import type { SimulatedCall } from './call-resource';

/** One `calls(sid).update(…)` request as received. */
export interface CallUpdateRecord {
  callSid: string;
  /** The form as received: `Twiml`, `Url`, `Method`, `Status`… */
  params: WebhookParams;
  receivedAt: Date;
  /** The call's new TwiML: inline `Twiml`, or what `Url` returned (set once fetched; only for calls in progress). */
  twiml?: string;
  /** Why the new TwiML could not be used (the `Url` failed, or it was not TwiML): Twilio then hangs up. */
  twimlError?: string;
  /** `Status=completed|canceled`: the call was hung up / cancelled. */
  status?: 'completed' | 'canceled';
}

/**
 * A live call as the phone at one end of it sees it: who it is, the REST
 * updates that change its course, and picking up / hanging up.
 */
export interface CallLine {
  readonly call: SimulatedCall;
  /** The account's auth token, for signing what the phone sends on Twilio's behalf. */
  readonly authToken: string;
  /** Calls `listener` for every REST update of this call, once its new TwiML is known; returns the unsubscribe function. */
  onUpdated(listener: (update: CallUpdateRecord) => void): () => void;
  /** The call is answered (in-progress). */
  answer(): void;
  /** The call is over (completed); nothing if it already ended. */
  hangUp(): void;
}

/** An outbound call the callee answered, with the TwiML the application returned for it. */
export interface AnsweredCall extends CallLine {
  twiml: string;
  verbs: TwimlVerb[];
  /** The `Url` the TwiML came from (relative URLs in it resolve against this); absent for inline `Twiml`. */
  twimlUrl?: string;
}
