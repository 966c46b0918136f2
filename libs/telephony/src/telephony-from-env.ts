import type { Env } from '../../config/src/env';
import type { Telephony } from './telephony';
import { createTwilioClient, TwilioTelephony } from './twilio-telephony';

/** Twilio when its credentials are set (TWILIO_API_BASE_URL points it at the simulator); else none. */
export function telephonyFrom(env: Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>): Telephony | undefined {
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) return undefined;
  return new TwilioTelephony(
    createTwilioClient({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, apiBaseUrl: env.TWILIO_API_BASE_URL }),
  );
}
