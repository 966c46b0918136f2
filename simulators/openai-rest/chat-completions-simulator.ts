import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatRequest {
  authorization?: string;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  };
}

/**
 * `POST /v1/chat/completions` as the OpenAI API answers it, for the official
 * SDK pointed here with `baseURL`. The test decides the assistant's content.
 */
export class ChatCompletionsSimulator {
  readonly requests: RecordedChatRequest[] = [];
  private readonly server: Server;

  private constructor(
    private readonly reply: (request: RecordedChatRequest) => string,
    private readonly apiKey: string,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(reply: (request: RecordedChatRequest) => string, apiKey = 'sk-test'): Promise<ChatCompletionsSimulator> {
    const simulator = new ChatCompletionsSimulator(reply, apiKey);
    await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
    return simulator;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void json(404, { error: { message: 'not found', type: 'invalid_request_error' } });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return void json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const request: RecordedChatRequest = { authorization: req.headers.authorization, body: JSON.parse(await readBody(req)) };
    this.requests.push(request);
    json(200, {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: this.reply(request), refusal: null } }],
      usage: { prompt_tokens: 1200, completion_tokens: 150, total_tokens: 1350 },
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
