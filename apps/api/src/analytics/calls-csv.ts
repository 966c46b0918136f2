import type { CallAnalyticsRow } from './analytics.schemas';

const COLUMNS = [
  'callSid',
  'tenant',
  'direction',
  'from',
  'to',
  'status',
  'outcome',
  'intent',
  'sentiment',
  'leadScore',
  'startedAt',
  'endedAt',
  'durationSeconds',
  'toolCalls',
  'costUsd',
] as const satisfies ReadonlyArray<keyof CallAnalyticsRow>;

/** RFC 4180: a header line, CRLF line ends, fields with a comma, quote or line break quoted. */
export function callsCsv(calls: CallAnalyticsRow[]): string {
  const lines = [COLUMNS.join(','), ...calls.map((call) => COLUMNS.map((column) => csvField(call[column])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Text a spreadsheet would run as a formula (model-written intents can start with =, +, - or @) gets a leading ';
  // plain numbers, E.164 phone numbers among them, stay as they are.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
