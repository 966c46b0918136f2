import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The short-lived token the API puts in TwiML `<Parameter name="token">` and
 * the media-edge checks on the stream's `start`: HMAC-SHA256 over the claims,
 * bound to one CallSid and tenant, valid for five minutes by default. It also
 * carries what the media-edge needs to set up the call without asking the
 * workflow first.
 */
export interface StreamClaims {
  callSid: string;
  tenantId: string;
  /** The other party: the caller on inbound calls, the callee on calls we placed. */
  callerNumber: string;
  /** A call we placed (a reminder, a callback). */
  outbound?: boolean;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export const STREAM_TOKEN_TTL_SECONDS = 300;

export function signStreamToken(
  claims: Omit<StreamClaims, 'exp'>,
  secret: string,
  now = Date.now(),
  ttlSeconds = STREAM_TOKEN_TTL_SECONDS,
): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds })).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export type StreamTokenCheck = { ok: true; claims: StreamClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_call' };

/** Verifies signature and expiry, and that the token belongs to the call that presents it. */
export function verifyStreamToken(token: string, secret: string, presentedCallSid: string, now = Date.now()): StreamTokenCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  let claims: StreamClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as StreamClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.callerNumber !== 'string' || typeof claims.tenantId !== 'string') return { ok: false, reason: 'malformed' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  if (claims.callSid !== presentedCallSid) return { ok: false, reason: 'wrong_call' };
  return { ok: true, claims };
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
