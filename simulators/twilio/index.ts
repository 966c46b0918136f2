/**
 * Offline, protocol-faithful stand-ins for Twilio (protocols.md §1–2):
 *
 * - {@link TwilioRestSimulator}: api.twilio.com for the official SDK (calls.create with a
 *   scripted callee, calls(sid).update, messages.create), making the signed status callbacks
 *   and TwiML requests Twilio makes.
 * - {@link PhoneSimulator}: a caller dialing our API (signed voice webhook) and talking over
 *   Media Streams in real time: eSpeak NG speech (WebAssembly, from npm), DTMF, marks echoed as playback reaches them.
 *
 * @example
 * const rest = await TwilioRestSimulator.start({ accountSid, authToken });
 * const phone = new PhoneSimulator();
 * const call = await phone.dialIntoStream({ apiBaseUrl, publicUrl, accountSid, authToken, from, to, rest });
 * await call.waitForAgentAudio();           // the greeting starts
 * await call.say('Can I book a haircut?');  // real speech, paced in real time
 * await call.waitUntil(() => call.transferredTo !== undefined);
 * expect(rest.updates[0].params.Twiml).toContain('<Dial');
 */
export * from './rest';
export * from './phone';
export { findConnectStream, findDial, parseTwiml, type DialInstruction, type StreamInstruction, type TwimlVerb } from './twiml';
