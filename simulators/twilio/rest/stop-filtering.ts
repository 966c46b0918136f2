import { apiError, type TwilioApiError } from './api-errors';

/** The keywords Twilio filters by default on long codes (its "SMS STOP filtering" article), matched against the whole body. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** What Twilio makes of a text's body: a keyword's `OptOutType`, or none for an ordinary message. */
export function keywordType(body: string): OptOutType | undefined {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'STOP';
  if (OPT_IN.has(word)) return 'START';
  return HELP.has(word) ? 'HELP' : undefined;
}

/**
 * Twilio's own blocklist: once a handset replies STOP to one of our numbers,
 * messages from that number to it are refused with 21610 until it replies
 * START. Kept per (our number, handset), as Twilio keeps it.
 */
export class StopFilter {
  private readonly blocked = new Set<string>();

  /** Applies a keyword the handset texted to our number. */
  apply(handset: string, ourNumber: string, body: string): void {
    const type = keywordType(body);
    if (type === 'STOP') this.block(handset, ourNumber);
    if (type === 'START') this.blocked.delete(key(handset, ourNumber));
  }

  block(handset: string, ourNumber: string): void {
    this.blocked.add(key(handset, ourNumber));
  }

  /** The 400 messages.create answers for a blocked recipient; none when the message may go. */
  refusal(to: string, from: string | undefined): TwilioApiError | undefined {
    if (!from || !this.blocked.has(key(to, from))) return undefined;
    return apiError(400, 21610, 'Attempt to send to unsubscribed recipient');
  }
}

const key = (handset: string, ourNumber: string) => `${ourNumber}→${handset}`;
