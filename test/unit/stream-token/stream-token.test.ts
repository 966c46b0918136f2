import { signStreamToken, STREAM_TOKEN_TTL_SECONDS, verifyStreamToken } from '../../../libs/stream-token/src/stream-token';

const SECRET = 'unit-test-secret-0123456789';
const CLAIMS = { callSid: `CA${'1'.repeat(32)}`, tenantId: 'tenant-1', callerNumber: '+15555550123' };
const ISSUED_AT = Date.UTC(2027, 2, 14, 12);

describe('stream tokens', () => {
  it('verify for the call they were signed for, until they expire', () => {
    const token = signStreamToken(CLAIMS, SECRET, ISSUED_AT);
    const lastValidMs = ISSUED_AT + STREAM_TOKEN_TTL_SECONDS * 1000 - 1;
    expect(verifyStreamToken(token, SECRET, CLAIMS.callSid, lastValidMs)).toEqual({
      ok: true,
      claims: { ...CLAIMS, exp: ISSUED_AT / 1000 + STREAM_TOKEN_TTL_SECONDS },
    });
    expect(verifyStreamToken(token, SECRET, CLAIMS.callSid, lastValidMs + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse another call, another secret and a tampered payload', () => {
    const token = signStreamToken(CLAIMS, SECRET, ISSUED_AT);
    expect(verifyStreamToken(token, SECRET, `CA${'2'.repeat(32)}`, ISSUED_AT)).toEqual({ ok: false, reason: 'wrong_call' });
    expect(verifyStreamToken(token, 'another-secret-0123456789', CLAIMS.callSid, ISSUED_AT)).toEqual({ ok: false, reason: 'bad_signature' });
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...CLAIMS, tenantId: 'tenant-2', exp: 4_000_000_000 })).toString('base64url');
    expect(verifyStreamToken(`${forged}.${signature}`, SECRET, CLAIMS.callSid, ISSUED_AT)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['', 'no-dot', 'a.b.c', '.sig'])('refuse the malformed token %p', (token) => {
    expect(verifyStreamToken(token, SECRET, CLAIMS.callSid, ISSUED_AT)).toEqual({ ok: false, reason: 'malformed' });
  });
});
