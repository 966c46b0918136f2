import type { CallSummary } from '../../libs/calls/src';
import type { CallForSummary, CallSummarizer, SummarizerOutput } from './summarizer';

/**
 * A deterministic summarizer for running without an OpenAI key: the tool
 * calls say what happened, the caller's words set the mood. Same JSON shape
 * as the model's.
 */
export class LocalSummarizer implements CallSummarizer {
  async summarize(call: CallForSummary): Promise<SummarizerOutput> {
    return { summary: summarizeLocally(call), model: 'local-rules-v1', inputTokens: 0, outputTokens: 0, costUsd: 0 };
  }
}

type ToolCall = CallForSummary['toolCalls'][number];

/** Tool → what the caller wanted, in priority order (a booking says more than a lookup). */
const INTENT_BY_TOOL: Array<[string, string]> = [
  ['book_appointment', 'book_appointment'],
  ['reschedule_appointment', 'reschedule_appointment'],
  ['cancel_appointment', 'cancel_appointment'],
  ['book_showing', 'book_showing'],
  ['create_reservation_request', 'room_reservation'],
  ['check_room_availability', 'room_reservation'],
  ['qualify_lead', 'property_inquiry'],
  ['search_properties', 'property_inquiry'],
  ['get_work_order_status', 'repair_status'],
  ['lookup_work_order', 'repair_status'],
  ['get_project_status', 'project_status'],
  ['log_activity', 'roofing_estimate'],
  ['create_contact', 'roofing_estimate'],
  ['check_availability', 'book_appointment'],
  ['request_callback', 'callback_request'],
  ['transfer_to_human', 'speak_to_human'],
];

/** Successful tool → how the call ended, and how much it is worth to the business. */
const OUTCOME_BY_TOOL: Array<[string, string, number]> = [
  ['book_appointment', 'appointment_booked', 55],
  ['book_showing', 'showing_booked', 55],
  ['create_reservation_request', 'reservation_requested', 50],
  ['reschedule_appointment', 'appointment_rescheduled', 30],
  ['transfer_to_human', 'transferred', 25],
  ['request_callback', 'callback_requested', 30],
  ['cancel_appointment', 'appointment_cancelled', 0],
];

const POSITIVE = /\b(thanks?|thank you|great|perfect|awesome|appreciate|wonderful|excellent|lovely)\b/gi;
const NEGATIVE = /\b(angry|terrible|frustrat\w*|ridiculous|upset|worst|unacceptable|awful|annoyed)\b/gi;
const PHONE = /\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g;

const ENTITY_BY_ARG: Record<string, string> = {
  customer_name: 'person',
  name: 'person',
  guest_name: 'person',
  phone: 'phone_number',
  start: 'datetime',
  new_start: 'datetime',
  preferred_time: 'datetime',
  date: 'date',
  check_in: 'date',
  check_out: 'date',
  service: 'service',
  work_order_number: 'work_order',
  project_number: 'project',
  city: 'city',
};

export function summarizeLocally(call: CallForSummary): CallSummary {
  const callerText = call.turns.filter((t) => t.role === 'caller').map((t) => t.text).join(' ');
  const succeeded = call.toolCalls.filter((t) => t.ok);
  const sentiment = sentimentOf(callerText);
  const intent = intentOf(call, callerText);
  const [outcome, value] = outcomeOf(call, succeeded);
  const leadScore = clamp(15 + value + qualifiedLeadBonus(succeeded) + (sentiment === 'positive' ? 10 : sentiment === 'negative' ? -15 : 0));
  return {
    intent,
    outcome,
    summary: narrate(call, intent, outcome, succeeded),
    lead_score: leadScore,
    next_actions: nextActions(call, outcome, succeeded),
    sentiment,
    entities: entitiesOf(call, callerText),
  };
}

function intentOf(call: CallForSummary, callerText: string): string {
  if (call.turns.length === 0 && call.toolCalls.length === 0) return 'no_conversation';
  const names = new Set(call.toolCalls.map((t) => t.name));
  const byTool = INTENT_BY_TOOL.find(([tool]) => names.has(tool));
  if (byTool) return byTool[1];
  if (/\b(appointment|book|schedule)\b/i.test(callerText)) return 'book_appointment';
  if (/\b(status|ready|done yet)\b/i.test(callerText)) return 'status_inquiry';
  return 'general_question';
}

function outcomeOf(call: CallForSummary, succeeded: ToolCall[]): [string, number] {
  if (call.turns.length === 0 && call.toolCalls.length === 0) return ['abandoned', -15];
  const names = new Set(succeeded.map((t) => t.name));
  const match = OUTCOME_BY_TOOL.find(([tool]) => names.has(tool));
  if (match) return [match[1], match[2]];
  if (succeeded.length > 0) return ['information_provided', 10];
  return ['unresolved', 0];
}

/** qualify_lead already scored the lead; let that score pull the summary's score. */
function qualifiedLeadBonus(succeeded: ToolCall[]): number {
  const qualified = succeeded.find((t) => t.name === 'qualify_lead');
  const score = dataOf(qualified)?.score;
  return typeof score === 'number' ? Math.round(score / 2) : 0;
}

function sentimentOf(text: string): CallSummary['sentiment'] {
  const score = (text.match(POSITIVE)?.length ?? 0) - (text.match(NEGATIVE)?.length ?? 0) * 2;
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

function narrate(call: CallForSummary, intent: string, outcome: string, succeeded: ToolCall[]): string {
  const who = call.direction === 'inbound' ? `Caller ${call.callerNumber} called ${call.tenantName}` : `${call.tenantName} called ${call.callerNumber}`;
  const tools = succeeded.length ? ` Tools used: ${[...new Set(succeeded.map((t) => t.name))].join(', ')}.` : '';
  return `${who} about ${words(intent)}. Outcome: ${words(outcome)}.${tools}`;
}

function nextActions(call: CallForSummary, outcome: string, succeeded: ToolCall[]): string[] {
  const argsOf = (name: string) => (succeeded.find((t) => t.name === name)?.args ?? {}) as Record<string, unknown>;
  switch (outcome) {
    case 'appointment_booked':
    case 'showing_booked':
    case 'appointment_rescheduled': {
      const args = argsOf(outcome === 'appointment_rescheduled' ? 'reschedule_appointment' : outcome === 'showing_booked' ? 'book_showing' : 'book_appointment');
      const when = args.start ?? args.new_start;
      return [`Text ${call.callerNumber} a confirmation${when ? ` for ${String(when).replace('T', ' ')}` : ''}`, 'Send a reminder the day before'];
    }
    case 'reservation_requested':
      return ['Make sure the payment link was received', 'Confirm the reservation once paid'];
    case 'callback_requested':
      return [`Call ${String(argsOf('request_callback').phone ?? call.callerNumber)} back: ${String(argsOf('request_callback').reason ?? 'as requested')}`];
    case 'transferred':
      return ['Check that the transferred caller was helped'];
    case 'abandoned':
    case 'unresolved':
      return [`Call ${call.callerNumber} back to find out what they needed`];
    default:
      return [];
  }
}

function entitiesOf(call: CallForSummary, callerText: string): CallSummary['entities'] {
  const found = new Map<string, { type: string; value: string }>();
  const add = (type: string, value: string) => found.set(`${type}:${value.toLowerCase()}`, { type, value });
  add('phone_number', call.callerNumber);
  for (const match of callerText.match(PHONE) ?? []) add('phone_number', match.trim());
  for (const tool of call.toolCalls) {
    for (const [key, value] of Object.entries((tool.args ?? {}) as Record<string, unknown>)) {
      const type = ENTITY_BY_ARG[key];
      if (type && (typeof value === 'string' || typeof value === 'number')) add(type, String(value));
    }
  }
  return [...found.values()];
}

function dataOf(tool: ToolCall | undefined): Record<string, unknown> | undefined {
  const result = tool?.result as { ok?: boolean; data?: Record<string, unknown> } | undefined;
  return result?.ok ? result.data : undefined;
}

const words = (snake: string) => snake.replace(/_/g, ' ');
const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
