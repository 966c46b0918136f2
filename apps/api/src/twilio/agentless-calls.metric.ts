import { Counter } from 'prom-client';

/** Inbound calls answered without the AI agent because their call workflow could not be started. */
export const agentlessCalls = new Counter({
  name: 'switchboard_agentless_inbound_calls_total',
  help: 'Inbound calls answered without the AI agent (call workflow not started): dialed to a person or sent to voicemail',
  labelNames: ['answer'] as const,
});
