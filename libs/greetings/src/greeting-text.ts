import { createHash } from 'node:crypto';

/** The greeting a tenant's agent says first: its template with {brand} and {agent} filled in. */
export function greetingText(config: { greetingTemplate: string; brand: string; agentName: string }): string {
  return config.greetingTemplate.replaceAll('{brand}', config.brand).replaceAll('{agent}', config.agentName);
}

/** Names rendered greeting audio: a changed text is another recording. */
export function greetingTextHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
