import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorized, notFound, readBody, sendJson } from './rest-http';

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
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return notFound(res);
    if (!authorized(req, res, this.apiKey)) return;
    const request: RecordedChatRequest = { authorization: req.headers.authorization, body: JSON.parse(await readBody(req)) };
    this.requests.push(request);
    sendJson(res, 200, {
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
