import type { Logger } from 'pino';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import type { Transport } from './metrics';

export interface FailoverInput {
  calls: CallsClient;
  callSid: string;
  transport: Transport;
  /** Why the agent cannot go on; recorded with the transfer. */
  problem: string;
  log: Logger;
}

/** Spoken by Twilio, since the agent's own voice is what failed. */
export const FAILOVER_APOLOGY = "Sorry, we're having trouble on this line. Let me connect you with someone who can help.";

/**
 * The agent cannot go on: the call's workflow hands a phone caller to the
 * tenant's primary number (`handOverToPerson`: recorded in its history and as
 * a CallTransfer), after the apology; Twilio then stops the stream. Returns
 * false when nobody is being dialed (a browser call, no number, no telephony
 * on the worker, a refusal); the caller of this then hangs up the stream.
 */
export async function handOverToPerson({ calls, callSid, transport, problem, log }: FailoverInput): Promise<boolean> {
  if (transport !== 'twilio') {
    log.error({ problem }, 'the agent is unavailable on a browser call: hanging up the stream');
    return false;
  }
  log.error({ problem }, 'the agent is unavailable: handing the caller to a person');
  try {
    const outcome = await calls.handOverToPerson(callSid, { reason: problem, announcement: FAILOVER_APOLOGY });
    if (outcome.status === 'DIALING') return true;
    log.error({ outcome }, 'nobody is being dialed: hanging up the stream');
  } catch (error) {
    log.error({ err: error }, 'the hand-over failed: hanging up the stream');
  }
  return false;
}
