import type { FollowUpSettings } from '../../../activities';
import { allowListOf, FollowUpEnvSchema, parseDurationList, type FollowUpEnv } from '../../../libs/config/src/follow-up-env';

/** The activities' follow-up settings from the environment; absent keys take their documented defaults. */
export function followUpSettingsFrom(env: Partial<FollowUpEnv>): FollowUpSettings {
  const settings = FollowUpEnvSchema.parse(env);
  return {
    contactPolicy: {
      production: settings.NODE_ENV === 'production',
      allowList: allowListOf(settings.OUTBOUND_ALLOW_LIST),
      attemptsPerDay: settings.CONTACT_ATTEMPTS_PER_DAY,
    },
    sms: { publicUrl: settings.PUBLIC_URL, delayMs: settings.SMS_FOLLOW_UP_DELAY_SECONDS * 1000 },
    outbound: { publicUrl: settings.PUBLIC_URL, smsDelayMs: settings.SMS_FOLLOW_UP_DELAY_SECONDS * 1000 },
    crmSync: {
      retryScheduleMs: parseDurationList(settings.CRM_SYNC_RETRY_SCHEDULE),
      attemptTimeoutMs: settings.CRM_SYNC_ATTEMPT_TIMEOUT_SECONDS * 1000,
    },
  };
}

/** The account's dials per second, for the server-side pacing of the dial task queue; 0 when unpaced. */
export function callsPerSecondFrom(env: Partial<FollowUpEnv>): number {
  return FollowUpEnvSchema.parse(env).TWILIO_CALLS_PER_SECOND;
}
