import { parseTwiml, type TwimlVerb } from '../twiml';
import type { CallbackSender } from './callback-sender';
import type { SimulatedCall } from './call-resource';

export type CallTwiml = { ok: true; twiml: string; verbs: TwimlVerb[]; url?: string } | { ok: false; error: string };

/**
 * The instructions for a call: its inline `Twiml`, or what its `Url` returns
 * to Twilio's signed request (any non-2xx answer or non-TwiML body is an
 * error: Twilio would say "an application error has occurred" and hang up).
 */
export async function fetchCallTwiml(call: SimulatedCall, callbacks: CallbackSender): Promise<CallTwiml> {
  const { twiml, url, method } = call.twimlSource;
  if (twiml !== undefined) return parsed(twiml);
  if (url === undefined) return { ok: false, error: 'The call has neither Url nor Twiml.' };
  const record = await callbacks.send({ purpose: 'call-twiml', resourceSid: call.sid, url, method, params: call.requestParams() });
  if (!record.response) return { ok: false, error: `Fetching ${url} failed: ${record.error}` };
  if (record.response.status < 200 || record.response.status > 299) return { ok: false, error: `${url} answered HTTP ${record.response.status}.` };
  const result = parsed(record.response.body);
  return result.ok ? { ...result, url } : result;
}

function parsed(twiml: string): CallTwiml {
  try {
    return { ok: true, twiml, verbs: parseTwiml(twiml) };
  } catch (error) {
    return { ok: false, error: `Invalid TwiML: ${(error as Error).message}` };
  }
}
