import type { IncomingMessage, ServerResponse } from 'node:http';

// What the OpenAI REST simulators share: bodies, JSON answers and the API's error shape.

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function notFound(res: ServerResponse): void {
  sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
}

/** False (and the API's 401 sent) unless the request carries `Bearer <apiKey>`. */
export function authorized(req: IncomingMessage, res: ServerResponse, apiKey: string): boolean {
  if (req.headers.authorization === `Bearer ${apiKey}`) return true;
  sendJson(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
  return false;
}
