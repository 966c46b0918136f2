import { verifyStreamToken, type StreamClaims } from '../../../libs/stream-token/src/stream-token';

export type StreamAdmission = { ok: true; claims: StreamClaims } | { ok: false; reason: string };

/** CallSids and browser call ids name files and workflows: letters, digits, `_` and `-` only. */
const CALL_SID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The stream token signed by the API must be present, valid, unexpired and issued for this very call. */
export function admitStream(token: string | undefined, callSid: string, secret: string): StreamAdmission {
  if (!token) return { ok: false, reason: 'missing' };
  if (!CALL_SID_PATTERN.test(callSid)) return { ok: false, reason: 'malformed' };
  const check = verifyStreamToken(token, secret, callSid);
  return check.ok ? { ok: true, claims: check.claims } : { ok: false, reason: check.reason };
}
