import { randomUUID } from 'node:crypto';
import twilio from 'twilio';

/** Form parameters; an array becomes a repeated key, as Twilio sends them. */
export type WebhookParams = Record<string, string | string[]>;

export interface SignedWebhook {
  url: string;
  /** The URL the signature covers when it differs from `url` (the app's public URL behind a proxy). Default: `url`. */
  signedUrl?: string;
  method?: 'GET' | 'POST';
  params: WebhookParams;
  authToken: string;
}

export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Twilio's default webhook read timeout (protocols.md §1.1). */
const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * A request as Twilio makes it (protocols.md §1.2): POST bodies are form-encoded
 * and signed over URL + sorted params; GET carries the params in the query and
 * the signature covers only the URL.
 */
export async function sendSignedWebhook(webhook: SignedWebhook): Promise<WebhookResponse> {
  const method = webhook.method ?? 'POST';
  const form = toSearchParams(webhook.params);
  const withQuery = (url: string) => (method === 'GET' ? appendQuery(url, form) : url);
  const signedUrl = withQuery(webhook.signedUrl ?? webhook.url);
  const signature = twilio.getExpectedTwilioSignature(webhook.authToken, signedUrl, method === 'GET' ? {} : webhook.params);
  const response = await fetch(withQuery(webhook.url), {
    method,
    headers: {
      'X-Twilio-Signature': signature,
      'I-Twilio-Idempotency-Token': randomUUID(),
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: method === 'POST' ? form.toString() : undefined,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

function toSearchParams(params: WebhookParams): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const item of [value].flat()) form.append(name, item);
  return form;
}

function appendQuery(url: string, query: URLSearchParams): string {
  const target = new URL(url);
  for (const [name, value] of query) target.searchParams.append(name, value);
  return target.toString();
}
