import { randomBytes } from 'node:crypto';

/** `AC` account, `CA` call, `MZ` media stream, `SM` message (protocols.md §1.5). */
export type SidPrefix = 'AC' | 'CA' | 'MZ' | 'SM';

/** A Twilio SID: the two-letter prefix and 32 lowercase hex digits. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}
