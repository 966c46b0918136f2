// Where Twilio sends what it reports and asks for, under PUBLIC_URL: TwilioController's routes.

/** A recorded voicemail (`<Record action>`). */
export const VOICEMAIL_PATH = '/twilio/voicemail';
/** The `<Connect action>` of every stream to the agent: the stream has ended and the call goes on. */
export const STREAM_ENDED_PATH = '/twilio/stream-ended';
