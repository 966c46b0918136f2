import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { CallSummarySchema } from '../../libs/calls/src';
import { textModelCostUsd } from '../../libs/pricing/src/pricing';
import type { CallForSummary, CallSummarizer, SummarizerOutput } from './summarizer';

const SYSTEM_PROMPT =
  'You summarize phone calls answered by an AI receptionist for a small business. ' +
  'Use only facts from the transcript and tool results. Scores: 0 = no business value, 100 = ready to buy or booked.';

/** Structured-output summary through the official SDK (JSON schema from the zod shape). */
export class OpenAiSummarizer implements CallSummarizer {
  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
  ) {}

  async summarize(call: CallForSummary): Promise<SummarizerOutput> {
    const completion = await this.client.chat.completions.parse({
      model: this.model,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: JSON.stringify(call) },
      ],
      response_format: zodResponseFormat(CallSummarySchema, 'call_summary'),
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new Error(`summary model returned no parsable summary (finish: ${completion.choices[0]?.finish_reason})`);
    const inputTokens = completion.usage?.prompt_tokens ?? 0;
    const outputTokens = completion.usage?.completion_tokens ?? 0;
    return {
      summary: parsed,
      model: this.model,
      inputTokens,
      outputTokens,
      costUsd: textModelCostUsd(this.model, inputTokens, outputTokens),
    };
  }
}
