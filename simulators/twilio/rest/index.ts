export { TwilioRestSimulator, type TwilioRestSimulatorEvents, type TwilioRestSimulatorOptions } from './simulator';
export type { AnsweredCall, CallLine, CallUpdateRecord } from './call-line';
export type { AnsweringCallee, CalleeScript, UnreachableCallee } from './callee-script';
export type { CallbackPurpose, CallbackRecord } from './callback-sender';
export type { AnsweredBy, CallDirection, CallStatus, SimulatedCall } from './call-resource';
export type { MessageStatus, SimulatedMessage } from './message-resource';
export type { IncomingText, InboundMessageRecord } from './inbound-message';
export type { OptOutType } from './stop-filtering';
export { VoicemailBox, type VoicemailBoxOptions, type VoicemailRecording } from './voicemail-box';
