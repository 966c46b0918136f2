import type { CallDirection } from './call-types';

export interface CallParties {
  /** The other party: the caller on inbound calls, the callee on outbound ones. */
  callerNumber: string;
  /** The business's own number on this call (the caller ID a transfer shows). */
  businessNumber: string;
}

/** Who is who on a call, from its direction and its from/to numbers. */
export function callParties(call: { direction: CallDirection; from: string; to: string }): CallParties {
  return call.direction === 'inbound' ? { callerNumber: call.from, businessNumber: call.to } : { callerNumber: call.to, businessNumber: call.from };
}
