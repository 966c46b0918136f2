export { PhoneSimulator, type DialOptions, type DialResult } from './phone-simulator';
export type { AfterStream } from './after-stream';
export type { EchoedMark, MarkRecord, PhoneCall, PhoneCallEvents, ReceivedMedia, StreamEndedBy } from './phone-call';
export { DEFAULT_CALLER_VOICE, synthesizeSpeech, type CallerVoice } from './speech-synthesizer';
export { BYTES_PER_MS, FRAME_BYTES, FRAME_MS } from './media-format';
