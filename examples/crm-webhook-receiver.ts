/**
 * A CRM-side receiver for Switchboard's webhooks (docs/crm-webhooks.md):
 * verify the Standard Webhooks signature over the raw body, drop repeats by
 * `webhook-id`, then answer 2xx quickly. Depends only on Node and the
 * `standardwebhooks` package, so it can be copied into any Node service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface CrmWebhook {
  /** The `webhook-id` header: the same on every retry of one event. */
  id: string;
  type: string;
  timestamp: string;
  data: unknown;
}

/**
 * Remembers which webhook ids were processed. In production this is a
 * table with a unique key on the id, written in the same transaction as
 * whatever the webhook changes.
 */
export interface ProcessedIds {
  /** False when the id was already claimed: a retry of something already processed. */
  claim(id: string): boolean;
}

export function inMemoryProcessedIds(): ProcessedIds {
  const seen = new Set<string>();
  return { claim: (id) => (seen.has(id) ? false : (seen.add(id), true)) };
}

export type ReceiveResult = { status: 204; duplicate: boolean } | { status: 400; reason: string };

/** The receiver's logic, independent of the HTTP framework: verify, dedupe, process. */
export function receiveCrmWebhook(
  options: { secret: string; processed: ProcessedIds; onEvent: (event: CrmWebhook) => void },
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
): ReceiveResult {
  const signed = {
    'webhook-id': single(headers['webhook-id']),
    'webhook-timestamp': single(headers['webhook-timestamp']),
    'webhook-signature': single(headers['webhook-signature']),
  };
  let body: { type: string; timestamp: string; data: unknown };
  try {
    // Checks the signature, and that the timestamp is within five minutes of now (replays are refused).
    body = new Webhook(options.secret).verify(rawBody, signed) as typeof body;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { status: 400, reason: error.message };
    throw error;
  }
  if (!options.processed.claim(signed['webhook-id'])) return { status: 204, duplicate: true };
  options.onEvent({ id: signed['webhook-id'], ...body });
  return { status: 204, duplicate: false };
}

/** The same as a `node:http` request handler. */
export function crmWebhookHandler(options: Parameters<typeof receiveCrmWebhook>[0]) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const result = receiveCrmWebhook(options, Buffer.concat(chunks).toString('utf8'), request.headers);
    response.writeHead(result.status, { 'content-type': 'text/plain' }).end(result.status === 400 ? result.reason : '');
  };
}

const single = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : (value ?? ''));
