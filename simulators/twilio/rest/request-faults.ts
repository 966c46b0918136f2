import { apiError, type TwilioApiError } from './api-errors';

/** The collections whose creates can be made to fail: calls.create and messages.create. */
export type FaultyCollection = 'Calls' | 'Messages';

/**
 * What one create request meets instead of a 201: an error status (a 429
 * Twilio did not process, a 5xx from its edge), or `lost-answer`: Twilio
 * creates the call or message, then the connection dies before the answer
 * (what a client timeout after Twilio accepted the request looks like).
 */
export type CreateFault = { status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number } | 'lost-answer';

/** One create request as Twilio received it: the simulator's log of every try, whatever it met. */
export interface CreateRequestRecord {
  collection: FaultyCollection;
  to: string;
  receivedAt: Date;
  /** 201, the fault's status, or `lost-answer`. */
  answer: number | 'lost-answer';
}

const ERROR_CODES: Record<number, [code: number, message: string]> = {
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  502: [20502, 'Bad Gateway'],
  503: [20503, 'Service Unavailable'],
  504: [20504, 'Gateway Timeout'],
};

/** The faults queued for the next creates, per collection and (optionally) per recipient. */
export class RequestFaults {
  private readonly queued: Array<{ collection: FaultyCollection; to?: string; faults: CreateFault[] }> = [];

  add(collection: FaultyCollection, faults: readonly CreateFault[], to?: string): void {
    this.queued.push({ collection, to, faults: [...faults] });
  }

  /** The fault the next create to `to` meets, if one is queued for it (a recipient's own before the collection's). */
  take(collection: FaultyCollection, to: string): CreateFault | undefined {
    const matching = this.queued.filter((entry) => entry.collection === collection && entry.faults.length > 0 && (entry.to === undefined || entry.to === to));
    const entry = matching.find((candidate) => candidate.to === to) ?? matching[0];
    return entry?.faults.shift();
  }
}

/** The JSON body and headers Twilio answers a faulted create with. */
export function faultResponse(fault: Exclude<CreateFault, 'lost-answer'>): { error: TwilioApiError; headers: Record<string, string> } {
  const [code, message] = ERROR_CODES[fault.status];
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  return { error: apiError(fault.status, code, message), headers };
}
