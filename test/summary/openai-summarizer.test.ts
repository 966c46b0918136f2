import OpenAI from 'openai';
import { OpenAiSummarizer } from '../../activities/summary/openai-summarizer';
import type { CallForSummary } from '../../activities/summary/summarizer';
import type { CallSummary } from '../../libs/calls/src';
import { ChatCompletionsSimulator } from '../../simulators/openai-rest/chat-completions-simulator';

const CALL: CallForSummary = {
  tenantName: 'Rivera Auto Repair',
  vertical: 'AUTO_SHOP',
  direction: 'inbound',
  callerNumber: '+15125550123',
  turns: [
    { role: 'caller', text: 'Can I get an oil change Tuesday at ten?' },
    { role: 'agent', text: 'Booked for Tuesday at 10 AM.' },
  ],
  toolCalls: [{ name: 'book_appointment', args: { start: '2026-12-01T10:00' }, ok: true, result: { ok: true } }],
};

const MODEL_SUMMARY: CallSummary = {
  intent: 'book_appointment',
  outcome: 'appointment_booked',
  summary: 'Maria booked an oil change for Tuesday at 10 AM.',
  lead_score: 85,
  next_actions: ['Send a confirmation text'],
  sentiment: 'positive',
  entities: [{ type: 'datetime', value: '2026-12-01T10:00' }],
};

describe('OpenAI summarizer (official SDK against a local Chat Completions simulator)', () => {
  let simulator: ChatCompletionsSimulator;
  let reply: string;
  beforeAll(async () => {
    simulator = await ChatCompletionsSimulator.start(() => reply);
  });
  afterAll(() => simulator.close());

  const summarizer = () => new OpenAiSummarizer(new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseUrl, maxRetries: 0 }), 'gpt-4.1-mini');

  it('asks for the summary as strict structured output and prices the tokens', async () => {
    reply = JSON.stringify(MODEL_SUMMARY);
    const output = await summarizer().summarize(CALL);

    expect(output).toEqual({ summary: MODEL_SUMMARY, model: 'gpt-4.1-mini', inputTokens: 1200, outputTokens: 150, costUsd: 0.00072 });
    const request = simulator.requests.at(-1)!;
    expect(request.body.model).toBe('gpt-4.1-mini');
    expect(request.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'call_summary', strict: true } });
    expect(JSON.parse(request.body.messages[1].content)).toEqual(CALL);
  });

  it('refuses a reply that breaks the shape, so the activity retries instead of storing it', async () => {
    reply = JSON.stringify({ ...MODEL_SUMMARY, lead_score: 250 });
    await expect(summarizer().summarize(CALL)).rejects.toThrow();
  });

  it('fails loudly on a wrong API key', async () => {
    const wrongKey = new OpenAiSummarizer(new OpenAI({ apiKey: 'sk-wrong', baseURL: simulator.baseUrl, maxRetries: 0 }), 'gpt-4.1-mini');
    await expect(wrongKey.summarize(CALL)).rejects.toThrow(/Incorrect API key/);
  });
});
