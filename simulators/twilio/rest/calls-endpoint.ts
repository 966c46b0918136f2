import { apiError, type TwilioApiError } from './api-errors';
import { SimulatedCall, type StatusCallbackEvent, type StatusCallbackSubscription } from './call-resource';
import { formToParams, formValue } from './http';

/**
 * `POST /Calls.json` (calls.create): the new outbound call, or the 400 the
 * real API answers for a missing `To`, `Url`/`Twiml`/`ApplicationSid` or
 * `From` (checked in that order, as the live API does).
 */
export function newOutboundCall(form: URLSearchParams, accountSid: string): SimulatedCall | TwilioApiError {
  const to = formValue(form, 'To');
  const from = formValue(form, 'From');
  const url = formValue(form, 'Url');
  const twiml = formValue(form, 'Twiml');
  if (!to) return apiError(400, 21201, "No 'To' number is specified");
  if (!url && !twiml && !formValue(form, 'ApplicationSid')) return apiError(400, 21205, 'Url parameter is required.');
  if (!from) return apiError(400, 21213, "No 'From' number is specified");
  return new SimulatedCall({
    accountSid,
    from,
    to,
    direction: 'outbound-api',
    status: 'queued',
    twimlSource: { url, twiml, method: methodOf(form, 'Method') },
    statusCallback: statusCallbackOf(form),
    createParams: formToParams(form),
  });
}

/** `POST /Calls/{Sid}.json` (calls(sid).update): what the request asks for. */
export type CallUpdateRequest =
  | { kind: 'hang-up'; status: 'completed' | 'canceled' }
  | { kind: 'redirect'; url?: string; twiml?: string; method: 'GET' | 'POST' }
  | { kind: 'nothing' };

export function callUpdateRequest(form: URLSearchParams): CallUpdateRequest {
  const status = formValue(form, 'Status');
  if (status === 'completed' || status === 'canceled') return { kind: 'hang-up', status };
  const url = formValue(form, 'Url');
  const twiml = formValue(form, 'Twiml');
  if (url || twiml) return { kind: 'redirect', url, twiml, method: methodOf(form, 'Method') };
  return { kind: 'nothing' };
}

/** Without `StatusCallbackEvent`, only `completed` is reported (protocols.md §1.4). */
function statusCallbackOf(form: URLSearchParams): StatusCallbackSubscription | undefined {
  const url = formValue(form, 'StatusCallback');
  if (!url) return undefined;
  const requested = form.getAll('StatusCallbackEvent').flatMap((value) => value.split(/[\s,]+/).filter(Boolean));
  const events = new Set((requested.length > 0 ? requested : ['completed']) as StatusCallbackEvent[]);
  return { url, method: methodOf(form, 'StatusCallbackMethod'), events };
}

function methodOf(form: URLSearchParams, name: string): 'GET' | 'POST' {
  return formValue(form, name)?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}
