import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';
import type { ConversationEntry } from './conversation';

/** Token rules of the realtime costs guide (protocols.md §3.9). */
const CALLER_AUDIO_MS_PER_TOKEN = 100;
const ASSISTANT_AUDIO_MS_PER_TOKEN = 50;
const TOKENS_PER_WORD = 1.3;
/** Prompt caching only applies to prompts of at least this many tokens. */
const MIN_CACHEABLE_TOKENS = 1024;

export interface TokenCounts {
  text: number;
  audio: number;
}

export function textTokens(text: string): number {
  return Math.ceil((text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) * TOKENS_PER_WORD);
}

export function callerAudioTokens(ms: number): number {
  return Math.ceil(ms / CALLER_AUDIO_MS_PER_TOKEN);
}

export function assistantAudioTokens(ms: number): number {
  return Math.ceil(ms / ASSISTANT_AUDIO_MS_PER_TOKEN);
}

/**
 * The input of a response: the whole conversation is re-read every time
 * (instructions and tools as text, audio as audio; truncated assistant audio
 * only up to the truncation point).
 */
export function contextTokens(prompt: string, entries: readonly ConversationEntry[]): TokenCounts {
  const counts = { text: textTokens(prompt), audio: 0 };
  for (const entry of entries) {
    switch (entry.kind) {
      case 'caller_audio':
        counts.audio += callerAudioTokens(entry.audioMs);
        break;
      case 'assistant_audio':
        counts.audio += assistantAudioTokens(Math.min(entry.generatedMs, entry.truncatedAtMs ?? Infinity));
        break;
      case 'text':
        counts.text += textTokens(entry.text);
        break;
      case 'function_call':
        counts.text += textTokens(`${entry.name} ${entry.arguments}`);
        break;
      case 'function_call_output':
        counts.text += textTokens(entry.output);
        break;
    }
  }
  return counts;
}

/** Cached input: the previous response's input is a prefix of this one's, if it was long enough to be cached. */
export function cachedTokens(previousInput: TokenCounts | undefined, input: TokenCounts): TokenCounts {
  if (!previousInput || previousInput.text + previousInput.audio < MIN_CACHEABLE_TOKENS) return { text: 0, audio: 0 };
  return { text: Math.min(previousInput.text, input.text), audio: Math.min(previousInput.audio, input.audio) };
}

export function responseUsage(input: TokenCounts, cached: TokenCounts, output: TokenCounts): RealtimeResponseUsage {
  const inputTokens = input.text + input.audio;
  const outputTokens = output.text + output.audio;
  return {
    total_tokens: inputTokens + outputTokens,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    input_token_details: {
      text_tokens: input.text,
      audio_tokens: input.audio,
      image_tokens: 0,
      cached_tokens: cached.text + cached.audio,
      cached_tokens_details: { text_tokens: cached.text, audio_tokens: cached.audio, image_tokens: 0 },
    },
    output_token_details: { text_tokens: output.text, audio_tokens: output.audio },
  };
}
