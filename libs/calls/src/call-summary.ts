import { z } from 'zod';

/**
 * The one post-call summary shape, produced by the OpenAI summarizer
 * (structured output) and by the local one alike.
 */
export const CallSummarySchema = z.object({
  intent: z.string().describe('What the caller wanted, snake_case, e.g. book_appointment, repair_status'),
  outcome: z.string().describe('How the call ended, snake_case, e.g. appointment_booked, transferred'),
  summary: z.string().describe('Two or three sentences for the business owner'),
  lead_score: z.number().int().min(0).max(100).describe('0-100: how likely this caller becomes revenue'),
  next_actions: z.array(z.string()).describe('What the business should do next'),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  entities: z
    .array(z.object({ type: z.string(), value: z.string() }))
    .describe('People, phone numbers, vehicles, dates, addresses, amounts mentioned'),
});

export type CallSummary = z.infer<typeof CallSummarySchema>;

/** A stored CallSummary row (camelCase columns) in the one summary shape. */
export function summaryFromRecord(row: {
  intent: string;
  outcome: string;
  summary: string;
  leadScore: number;
  nextActions: unknown;
  sentiment: string;
  entities: unknown;
}): CallSummary {
  return CallSummarySchema.parse({
    intent: row.intent,
    outcome: row.outcome,
    summary: row.summary,
    lead_score: row.leadScore,
    next_actions: row.nextActions,
    sentiment: row.sentiment,
    entities: row.entities,
  });
}
