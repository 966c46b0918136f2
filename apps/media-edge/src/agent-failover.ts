import type { Logger } from 'pino';
import type { Telephony } from '../../../libs/telephony/src/telephony';
import type { AgentProfile } from './agent-profile';
import type { Transport } from './metrics';

export interface FailoverInput {
  callSid: string;
  transport: Transport;
  /** Absent when the call failed before its profile was loaded. */
  profile?: AgentProfile;
  telephony?: Telephony;
  /** Why the agent cannot go on, for the log. */
  problem: string;
  log: Logger;
}

/** Spoken by Twilio, since the agent's own voice is what failed. */
export const FAILOVER_APOLOGY = "Sorry, we're having trouble on this line. Let me connect you with someone who can help.";

/**
 * The agent cannot go on: a phone caller hears an apology and is handed to
 * the tenant's primary number through the Twilio REST API (Twilio then stops
 * the stream). Returns
 * false when that is impossible (no telephony, no number, a browser call) or
 * failed; the caller of this then hangs up the stream.
 */
export async function transferToPerson({ callSid, transport, profile, telephony, problem, log }: FailoverInput): Promise<boolean> {
  const to = profile?.primaryTransferNumber;
  if (!telephony || !to || !profile || transport !== 'twilio') {
    log.error({ problem }, 'the agent is unavailable and there is no one to transfer to: hanging up the stream');
    return false;
  }
  log.error({ problem, to }, 'the agent is unavailable: transferring the caller to a person');
  try {
    await telephony.transferCall(callSid, { to, callerId: profile.businessNumber, announcement: FAILOVER_APOLOGY });
    return true;
  } catch (error) {
    log.error({ err: error }, 'the transfer failed: hanging up the stream');
    return false;
  }
}
