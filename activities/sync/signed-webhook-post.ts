import { Webhook } from 'standardwebhooks';
import { WEBHOOK_SECRET_PREFIX } from '../../libs/crm-sync/src/webhook-secret';

export interface SignedWebhookPost {
  url: string;
  /** `whsec_` + base64 key. */
  secret: string;
  /** `webhook-id`: the same on every attempt, so the receiver can drop repeats. */
  id: string;
  body: string;
  timeoutMs: number;
  /** Signed as `webhook-timestamp`: fresh on every attempt, so a late retry still verifies. */
  now: Date;
}

export type PostResult = { status: number } | { error: string };

/**
 * One delivery as the Standard Webhooks spec has it: `webhook-signature` is
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. Redirects are not
 * followed (a 3xx counts as a failed attempt); the response body is ignored.
 */
export async function postSignedWebhook(post: SignedWebhookPost): Promise<PostResult> {
  const signature = new Webhook(post.secret).sign(post.id, post.now, post.body);
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        'webhook-id': post.id,
        'webhook-timestamp': String(Math.floor(post.now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: post.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: describeFailure(error, post.timeoutMs) };
  }
}

/** A usable signing secret: `whsec_` and a non-empty base64 key. */
export function isSigningSecret(secret: string): boolean {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  try {
    new Webhook(secret);
    return true;
  } catch {
    return false;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}
