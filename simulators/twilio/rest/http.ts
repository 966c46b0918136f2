import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookParams } from '../signed-webhook';

export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A form as recorded: one string per key, an array for repeated keys (`StatusCallbackEvent`, `MediaUrl`). */
export function formToParams(form: URLSearchParams): WebhookParams {
  const params: WebhookParams = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    params[name] = values.length === 1 ? values[0] : values;
  }
  return params;
}

/** A form value, with an empty one counted as absent (as Twilio does). */
export function formValue(form: URLSearchParams, name: string): string | undefined {
  return form.get(name) || undefined;
}

export function basicCredentials(request: IncomingMessage): { username: string; password: string } | undefined {
  const encoded = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator < 0 ? undefined : { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}
