import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';
import type { TokenUsage } from '../../../calls/src';

/** `response.done.response.usage` → the call's token usage (a delta; the workflow sums). A count that is not one is 0. */
export function tokenUsage(usage: RealtimeResponseUsage): TokenUsage {
  const input = usage.input_token_details;
  const output = usage.output_token_details;
  return {
    inputTextTokens: count(input?.text_tokens),
    inputAudioTokens: count(input?.audio_tokens),
    cachedTextTokens: count(input?.cached_tokens_details?.text_tokens),
    cachedAudioTokens: count(input?.cached_tokens_details?.audio_tokens),
    outputTextTokens: count(output?.text_tokens),
    outputAudioTokens: count(output?.audio_tokens),
  };
}

function count(value: unknown): number {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;
}
