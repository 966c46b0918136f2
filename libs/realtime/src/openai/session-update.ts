import type { RealtimeAudioFormats, RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import type { SessionSettings } from '../realtime-session';

const TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';
const PCMU: RealtimeAudioFormats = { type: 'audio/pcmu' };

/**
 * The whole session for a phone call: μ-law both ways (no transcoding on the
 * phone path), transcripts of the caller, and server VAD that answers a turn
 * and stops the agent when the caller talks over it.
 */
export function sessionUpdateBody(settings: SessionSettings): RealtimeSessionCreateRequest {
  return sessionBody(settings, PCMU);
}

/**
 * The same session for a browser that connects to OpenAI itself over WebRTC
 * (it goes into the browser's client secret, so it names the model); the
 * audio format is WebRTC's own (Opus).
 */
export function webRtcSessionBody(settings: SessionSettings, model: string): RealtimeSessionCreateRequest {
  return { ...sessionBody(settings), model };
}

function sessionBody(settings: SessionSettings, format?: RealtimeAudioFormats): RealtimeSessionCreateRequest {
  return {
    type: 'realtime',
    instructions: settings.instructions,
    output_modalities: ['audio'],
    audio: {
      input: {
        ...(format && { format }),
        transcription: { model: TRANSCRIPTION_MODEL },
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { ...(format && { format }), voice: settings.voice },
    },
    tools: settings.tools.map(({ name, description, parameters }) => ({ type: 'function', name, description, parameters })),
    tool_choice: 'auto',
  };
}
