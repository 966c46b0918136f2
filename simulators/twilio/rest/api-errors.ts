/** The JSON body of a failed api.twilio.com request (protocols.md §1.5); the SDK turns it into a RestException. */
export interface TwilioApiError {
  code: number;
  message: string;
  more_info: string;
  status: number;
  detail?: string;
}

export function apiError(status: number, code: number, message: string, detail?: string): TwilioApiError {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status, ...(detail ? { detail } : {}) };
}

export function authenticationFailed(): TwilioApiError {
  return apiError(401, 20003, 'Authenticate', 'Your AccountSid or AuthToken was incorrect.');
}

export function resourceNotFound(path: string): TwilioApiError {
  return apiError(404, 20404, `The requested resource ${path} was not found`);
}

export function callNotInProgress(): TwilioApiError {
  return apiError(400, 21220, 'Call is not in-progress. Cannot redirect.');
}
