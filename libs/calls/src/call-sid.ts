import { randomBytes } from 'node:crypto';

/** A CallSid shaped like Twilio's (CA + 32 hex digits), for simulated and browser calls. */
export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;
