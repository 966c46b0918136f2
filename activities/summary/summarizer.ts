import type { CallDirection, CallSummary, TurnRole } from '../../libs/calls/src';

/** Everything a summarizer may read about a finished call. */
export interface CallForSummary {
  tenantName: string;
  vertical: string;
  direction: CallDirection;
  callerNumber: string;
  turns: Array<{ role: TurnRole; text: string }>;
  toolCalls: Array<{ name: string; args: unknown; ok: boolean; result: unknown }>;
}

export interface SummarizerOutput {
  summary: CallSummary;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** The LLM port for post-call summaries. */
export interface CallSummarizer {
  summarize(call: CallForSummary): Promise<SummarizerOutput>;
}
