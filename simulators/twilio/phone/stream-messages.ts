/** The Media Streams messages Twilio sends (protocols.md §2.2): JSON text frames, numbers as strings. */
export type TwilioStreamMessage =
  | { event: 'connected'; protocol: 'Call'; version: '1.0.0' }
  | {
      event: 'start';
      sequenceNumber: string;
      streamSid: string;
      start: {
        accountSid: string;
        streamSid: string;
        callSid: string;
        tracks: ['inbound'];
        customParameters: Record<string, string>;
        mediaFormat: { encoding: 'audio/x-mulaw'; sampleRate: 8000; channels: 1 };
      };
    }
  | { event: 'media'; sequenceNumber: string; streamSid: string; media: { track: 'inbound'; chunk: string; timestamp: string; payload: string } }
  | { event: 'mark'; sequenceNumber: string; streamSid: string; mark: { name: string } }
  | { event: 'dtmf'; sequenceNumber: string; streamSid: string; dtmf: { track: 'inbound_track'; digit: string } }
  | { event: 'stop'; sequenceNumber: string; streamSid: string; stop: { accountSid: string; callSid: string } };

/** What the application may send on a bidirectional stream (protocols.md §2.3). */
export type ApplicationStreamMessage = { event: 'media'; audio: Buffer } | { event: 'mark'; name: string } | { event: 'clear' };

/** Numbers Twilio's messages: `sequenceNumber` counts every message after `connected`, from 1. */
export class TwilioMessageWriter {
  private sequenceNumber = 0;

  constructor(private readonly ids: { accountSid: string; callSid: string; streamSid: string }) {}

  connected(): TwilioStreamMessage {
    return { event: 'connected', protocol: 'Call', version: '1.0.0' };
  }

  start(customParameters: Record<string, string>): TwilioStreamMessage {
    const { accountSid, callSid, streamSid } = this.ids;
    const mediaFormat = { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } as const;
    return { event: 'start', ...this.header(), start: { accountSid, streamSid, callSid, tracks: ['inbound'], customParameters, mediaFormat } };
  }

  /** `chunk` counts the track's media messages from 1; `timestampMs` is the audio's time since the stream started. */
  media(chunk: number, timestampMs: number, audio: Buffer): TwilioStreamMessage {
    return { event: 'media', ...this.header(), media: { track: 'inbound', chunk: String(chunk), timestamp: String(timestampMs), payload: audio.toString('base64') } };
  }

  mark(name: string): TwilioStreamMessage {
    return { event: 'mark', ...this.header(), mark: { name } };
  }

  dtmf(digit: string): TwilioStreamMessage {
    return { event: 'dtmf', ...this.header(), dtmf: { track: 'inbound_track', digit } };
  }

  stop(): TwilioStreamMessage {
    return { event: 'stop', ...this.header(), stop: { accountSid: this.ids.accountSid, callSid: this.ids.callSid } };
  }

  private header(): { sequenceNumber: string; streamSid: string } {
    return { sequenceNumber: String(++this.sequenceNumber), streamSid: this.ids.streamSid };
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Reads one message from the application, or says why Twilio would not accept it. */
export function parseApplicationMessage(text: string, streamSid: string): ApplicationStreamMessage | { error: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { error: `not JSON: ${text.slice(0, 80)}` };
  }
  if (!isRecord(message)) return { error: `not a JSON object: ${text.slice(0, 80)}` };
  if (message.streamSid !== streamSid) return { error: `${String(message.event)} for streamSid ${String(message.streamSid)}, not ${streamSid}` };
  switch (message.event) {
    case 'media': {
      const payload = isRecord(message.media) ? message.media.payload : undefined;
      if (typeof payload !== 'string' || !BASE64.test(payload)) return { error: 'media without a base64 media.payload' };
      const audio = Buffer.from(payload, 'base64');
      if (audio.subarray(0, 4).toString('latin1') === 'RIFF') return { error: 'media payload is a WAV file: send raw μ-law without a header' };
      return { event: 'media', audio };
    }
    case 'mark': {
      const name = isRecord(message.mark) ? message.mark.name : undefined;
      return typeof name === 'string' ? { event: 'mark', name } : { error: 'mark without a mark.name' };
    }
    case 'clear':
      return { event: 'clear' };
    default:
      return { error: `unknown event ${JSON.stringify(message.event)}` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
