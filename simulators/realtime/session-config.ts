import type {
  RealtimeSessionCreateRequest,
  RealtimeToolChoiceConfig,
  RealtimeTruncation,
} from 'openai/resources/realtime/realtime';
import type { RealtimeSessionCreateResponse } from 'openai/resources/realtime/client-secrets';
import { z } from 'zod';
import { newId } from './ids';
import type { VadSettings } from './vad';

/** Accepts any value of type T: for GA fields the simulator stores and echoes but does not simulate. */
const unvalidated = <T>() => z.custom<T>(() => true);

export const audioFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('audio/pcm'), rate: z.literal(24000).optional() }),
  z.strictObject({ type: z.literal('audio/pcmu') }),
  z.strictObject({ type: z.literal('audio/pcma') }),
]);

const BUILT_IN_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
export const voiceSchema = z.union([z.enum(BUILT_IN_VOICES), z.strictObject({ id: z.string().min(1) })]);

const serverVadSchema = z.strictObject({
  type: z.literal('server_vad'),
  threshold: z.number().min(0).max(1).optional(),
  prefix_padding_ms: z.number().int().min(0).optional(),
  silence_duration_ms: z.number().int().min(0).optional(),
  idle_timeout_ms: z.number().int().positive().nullable().optional(),
  create_response: z.boolean().optional(),
  interrupt_response: z.boolean().optional(),
});

const semanticVadSchema = z.strictObject({
  type: z.literal('semantic_vad'),
  eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  create_response: z.boolean().optional(),
  interrupt_response: z.boolean().optional(),
});

const turnDetectionSchema = z.discriminatedUnion('type', [serverVadSchema, semanticVadSchema]);

const transcriptionSchema = z.strictObject({
  model: z.string().min(1).optional(),
  language: z.string().optional(),
  prompt: z.string().optional(),
  delay: z.enum(['minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
});

export const functionToolSchema = z.strictObject({
  type: z.literal('function'),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'function names are 1–64 letters, digits, _ or -'),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

export const outputModalitiesSchema = z.tuple([z.enum(['audio', 'text'])]);
export const maxOutputTokensSchema = z.union([z.number().int().min(1).max(4096), z.literal('inf')]);
export const toolChoiceSchema = unvalidated<RealtimeToolChoiceConfig>();

/** The `session` of a GA `session.update` (and of a client-secret request): every field but `type` is optional. */
export const sessionUpdateSchema = z.strictObject({
  type: z.literal('realtime'),
  model: z.string().min(1).optional(),
  instructions: z.string().optional(),
  output_modalities: outputModalitiesSchema.optional(),
  audio: z
    .strictObject({
      input: z
        .strictObject({
          format: audioFormatSchema.optional(),
          transcription: transcriptionSchema.nullable().optional(),
          noise_reduction: z.strictObject({ type: z.enum(['near_field', 'far_field']) }).nullable().optional(),
          turn_detection: turnDetectionSchema.nullable().optional(),
        })
        .optional(),
      output: z
        .strictObject({
          format: audioFormatSchema.optional(),
          voice: voiceSchema.optional(),
          speed: z.number().min(0.25).max(1.5).optional(),
        })
        .optional(),
    })
    .optional(),
  tools: z.array(functionToolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  max_output_tokens: maxOutputTokensSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  truncation: unvalidated<RealtimeTruncation>().optional(),
  tracing: unvalidated<RealtimeSessionCreateRequest['tracing']>().optional(),
  prompt: unvalidated<RealtimeSessionCreateRequest['prompt']>().optional(),
  include: z.array(z.literal('item.input_audio_transcription.logprobs')).optional(),
  reasoning: unvalidated<RealtimeSessionCreateRequest['reasoning']>().optional(),
});

export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;
export type AudioFormat = z.infer<typeof audioFormatSchema>;
export type FunctionTool = z.infer<typeof functionToolSchema>;
export type TurnDetection = Required<z.infer<typeof serverVadSchema>> | Required<z.infer<typeof semanticVadSchema>>;

/** The effective session config, as echoed in `session.created` / `session.updated`. */
export interface SessionConfig
  extends Pick<SessionUpdate, 'parallel_tool_calls' | 'include' | 'reasoning' | 'tracing' | 'prompt' | 'truncation'> {
  id: string;
  object: 'realtime.session';
  type: 'realtime';
  model: string;
  expires_at: number;
  instructions: string;
  output_modalities: ['audio' | 'text'];
  audio: {
    input: {
      format: AudioFormat;
      transcription: z.infer<typeof transcriptionSchema> | null;
      noise_reduction: { type: 'near_field' | 'far_field' } | null;
      turn_detection: TurnDetection | null;
    };
    output: { format: AudioFormat; voice: z.infer<typeof voiceSchema>; speed: number };
  };
  tools: FunctionTool[];
  tool_choice: RealtimeToolChoiceConfig;
  max_output_tokens: number | 'inf';
}

/** Believed GA session cap (protocols.md §3.2, unconfirmed). */
const SESSION_LIFETIME_SECONDS = 60 * 60;

/** What the real API reports in `session.created` before any update: PCM 24 kHz and server VAD. */
export function defaultSessionConfig(model: string): SessionConfig {
  return {
    id: newId('sess'),
    object: 'realtime.session',
    type: 'realtime',
    model,
    expires_at: Math.floor(Date.now() / 1000) + SESSION_LIFETIME_SECONDS,
    instructions: '',
    output_modalities: ['audio'],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: withTurnDetectionDefaults({ type: 'server_vad' }),
      },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
    },
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    truncation: 'auto',
    prompt: null,
  };
}

/** Applies an update: present fields replace, absent fields stay; a new `turn_detection` gets its defaults filled in. */
export function mergeSessionConfig(config: SessionConfig, update: SessionUpdate): SessionConfig {
  const { audio, ...topLevel } = update;
  const input = audio?.input ?? {};
  const { turn_detection, ...otherInput } = input;
  return {
    ...config,
    ...topLevel,
    model: config.model,
    audio: {
      input: {
        ...config.audio.input,
        ...otherInput,
        turn_detection:
          turn_detection === undefined ? config.audio.input.turn_detection : turn_detection && withTurnDetectionDefaults(turn_detection),
      },
      output: { ...config.audio.output, ...audio?.output },
    },
  };
}

function withTurnDetectionDefaults(turnDetection: z.infer<typeof turnDetectionSchema>): TurnDetection {
  if (turnDetection.type === 'semantic_vad') {
    return { eagerness: 'auto', create_response: true, interrupt_response: true, ...turnDetection };
  }
  return {
    threshold: 0.5,
    prefix_padding_ms: 300,
    silence_duration_ms: 500,
    idle_timeout_ms: null,
    create_response: true,
    interrupt_response: true,
    ...turnDetection,
  };
}

/** Semantic VAD is simulated as an energy VAD with the server VAD defaults. */
export function vadSettingsOf(turnDetection: TurnDetection | null): VadSettings | null {
  if (!turnDetection) return null;
  if (turnDetection.type === 'semantic_vad') return { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 };
  return {
    threshold: turnDetection.threshold,
    prefixPaddingMs: turnDetection.prefix_padding_ms,
    silenceDurationMs: turnDetection.silence_duration_ms,
  };
}

/**
 * The session config in the SDK's wire types (`session.created` / `session.updated`
 * and the client-secret response). The SDK types have no `null` for
 * `transcription` / `noise_reduction`, which the real server sends for "off".
 */
export function wireSession(config: SessionConfig): RealtimeSessionCreateRequest & RealtimeSessionCreateResponse {
  return config as RealtimeSessionCreateRequest & RealtimeSessionCreateResponse;
}
