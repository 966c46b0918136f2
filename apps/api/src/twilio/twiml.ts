import twilio from 'twilio';

// Every TwiML document the webhooks answer with, built with the SDK's VoiceResponse.

/**
 * Hands the call to the media-edge; the token lets it trust the stream's
 * `start`. When the stream ends and the call goes on, Twilio asks
 * `afterStreamUrl` what to do.
 */
export function streamToAgentTwiml(stream: { url: string; token: string; tenantId: string; callerNumber: string; afterStreamUrl: string }): string {
  const response = new twilio.twiml.VoiceResponse();
  const connected = response.connect({ action: stream.afterStreamUrl, method: 'POST' }).stream({ url: stream.url, name: 'switchboard' });
  connected.parameter({ name: 'token', value: stream.token });
  connected.parameter({ name: 'tenantId', value: stream.tenantId });
  connected.parameter({ name: 'callerNumber', value: stream.callerNumber });
  return response.toString();
}

export function notInServiceTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say('Sorry, this number is not in service. Goodbye.');
  response.hangup();
  return response.toString();
}

export function hangupTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

/** The business answers the call itself. */
export function dialTwiml(humanNumber: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial({ answerOnBridge: true }, humanNumber);
  return response.toString();
}

/** The agent is unavailable: a person takes the call. */
export function apologizeAndDialTwiml(humanNumber: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say('Sorry, our virtual receptionist is unavailable right now. Connecting you to a member of our team.');
  response.dial({ answerOnBridge: true }, humanNumber);
  return response.toString();
}

/** The agent is unavailable and there is nobody to dial: the caller leaves a message. */
export function apologizeAndRecordTwiml(voicemailUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say('Sorry, we cannot take your call right now. Please leave your name, number and a short message after the beep.');
  response.record({ maxLength: 120, action: voicemailUrl, method: 'POST', playBeep: true });
  return response.toString();
}

/** The agent cannot take the call, or go on with it: a person, or voicemail when there is nobody to dial. */
export function withoutAgentTwiml(humanNumber: string | undefined, voicemailUrl: string): string {
  return humanNumber ? apologizeAndDialTwiml(humanNumber) : apologizeAndRecordTwiml(voicemailUrl);
}

export function voicemailThanksTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say('Thank you, goodbye.');
  response.hangup();
  return response.toString();
}
