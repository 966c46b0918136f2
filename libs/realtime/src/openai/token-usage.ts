import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';
import type { TokenUsage } from '../../../calls/src';

/** `response.done.response.usage` → the call's token usage (a delta; the workflow sums). */
export function tokenUsage(usage: RealtimeResponseUsage): TokenUsage {
  const input = usage.input_token_details;
  const output = usage.output_token_details;
  return {
    inputTextTokens: input?.text_tokens ?? 0,
    inputAudioTokens: input?.audio_tokens ?? 0,
    cachedTextTokens: input?.cached_tokens_details?.text_tokens ?? 0,
    cachedAudioTokens: input?.cached_tokens_details?.audio_tokens ?? 0,
    outputTextTokens: output?.text_tokens ?? 0,
    outputAudioTokens: output?.audio_tokens ?? 0,
  };
}
