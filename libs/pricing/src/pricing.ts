import type { TokenUsage } from '../../calls/src';

/** USD per 1M tokens (shared/reference/protocols.md §5.1). */
interface RealtimePrices {
  textIn: number;
  textCached: number;
  textOut: number;
  audioIn: number;
  audioCached: number;
  audioOut: number;
}

const REALTIME_PRICES: Record<string, RealtimePrices> = {
  'gpt-realtime': { textIn: 4, textCached: 0.4, textOut: 16, audioIn: 32, audioCached: 0.4, audioOut: 64 },
  'gpt-realtime-mini': { textIn: 0.6, textCached: 0.06, textOut: 2.4, audioIn: 10, audioCached: 0.3, audioOut: 20 },
};

/** USD per 1M tokens, input and output, for the text models used to summarize. */
const TEXT_MODEL_PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

/** Cost of Realtime usage, per the billing formula: cached tokens at the cached rate. */
export function realtimeCostUsd(model: string, usage: TokenUsage): number {
  const p = REALTIME_PRICES[model] ?? REALTIME_PRICES['gpt-realtime'];
  const micro =
    (usage.inputTextTokens - usage.cachedTextTokens) * p.textIn +
    usage.cachedTextTokens * p.textCached +
    (usage.inputAudioTokens - usage.cachedAudioTokens) * p.audioIn +
    usage.cachedAudioTokens * p.audioCached +
    usage.outputTextTokens * p.textOut +
    usage.outputAudioTokens * p.audioOut;
  return micro / 1_000_000;
}

export function textModelCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  const p = TEXT_MODEL_PRICES[model];
  if (!p) return 0;
  return (inputTokens * p.input + outputTokens * p.output) / 1_000_000;
}
