/**
 * CallTransfer.status: only recorded (no live call, or no telephony
 * configured), dialing the person, or refused by the phone network.
 */
export type TransferStatus = 'REQUESTED' | 'DIALING' | 'FAILED';

/** A transfer whose intent is recorded (the CallTransfer row `transferId`) and whose call is still to be redirected. */
export interface PendingTransfer {
  transferId: string;
  /** The person's number. */
  to: string;
}

export interface TransferOutcome {
  status: TransferStatus;
  /** Why it failed, in words for the log and the model. */
  reason?: string;
}

/** The `handOverToPerson` Update: the agent cannot go on, a person takes the caller. */
export interface HandOverRequest {
  /** The Update id and the CallTransfer id: a retried request hands the caller over once. */
  handOverId: string;
  /** Why the agent cannot go on; recorded with the transfer. */
  reason: string;
  /** Said to the caller by the phone network before it dials. */
  announcement?: string;
}

/** A call is handed over at most once: the id of its hand-over. */
export const handOverId = (callSid: string) => `handover-${callSid}`;
