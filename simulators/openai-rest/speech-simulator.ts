import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { mulawToPcm16 } from '../../libs/audio/src/mulaw';
import { resampleClip } from '../../libs/audio/src/resample-clip';
import { voiceSchema } from '../realtime/session-config';
import { DEFAULT_SPEECH_TIMING, synthesizeSpeech } from '../realtime/speech-synthesis';
import { authorized, notFound, readBody, sendJson } from './rest-http';

/** The speech API's `pcm` format: 24 kHz, 16-bit little-endian, mono. */
const PCM_HZ = 24_000;
const SIMULATED_VOICE_HZ = 8_000;

const speechRequestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.string().min(1).max(4096),
  voice: voiceSchema,
  instructions: z.string().optional(),
  response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  stream_format: z.enum(['sse', 'audio']).optional(),
});

export type SpeechRequest = z.infer<typeof speechRequestSchema>;

export interface SpeechSimulatorOptions {
  apiKey?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** Audio per word, as the Realtime simulator's voice speaks (its default). */
  msPerWord?: number;
}

/**
 * `POST /v1/audio/speech` as the OpenAI API answers it, for the official SDK
 * pointed here with `baseURL`: the Realtime simulator's voice (a tone per
 * word) as raw PCM16 24 kHz. Only `response_format: "pcm"` is rendered;
 * the compressed formats are refused with a 400.
 */
export class SpeechSimulator {
  readonly requests: SpeechRequest[] = [];
  readonly apiKey: string;
  private readonly msPerWord: number;
  private readonly server: Server;

  private constructor(options: SpeechSimulatorOptions) {
    this.apiKey = options.apiKey ?? 'sk-speech-simulator';
    this.msPerWord = options.msPerWord ?? DEFAULT_SPEECH_TIMING.msPerWord;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => sendJson(res, 500, { error: { message: 'simulator failure', type: 'server_error' } }));
    });
  }

  static async start(options: SpeechSimulatorOptions = {}): Promise<SpeechSimulator> {
    const simulator = new SpeechSimulator(options);
    await new Promise<void>((resolve) => simulator.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return simulator;
  }

  /** The `baseURL` for the SDK. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/v1/audio/speech') return notFound(res);
    if (!authorized(req, res, this.apiKey)) return;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return invalidRequest(res, 'We could not parse the JSON body of your request.');
    }
    const parsed = speechRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return invalidRequest(res, `Invalid value for '${issue.path.join('.')}': ${issue.message}`, issue.path.join('.'));
    }
    const request = parsed.data;
    if ((request.response_format ?? 'mp3') !== 'pcm') {
      return invalidRequest(res, 'The speech simulator renders response_format "pcm" only.', 'response_format');
    }
    this.requests.push(request);
    const pcm = resampleClip(mulawToPcm16(synthesizeSpeech(request.input, this.msPerWord).audio), SIMULATED_VOICE_HZ, PCM_HZ);
    res.writeHead(200, { 'content-type': 'audio/pcm' }).end(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }
}

function invalidRequest(res: ServerResponse, message: string, param: string | null = null): void {
  sendJson(res, 400, { error: { message, type: 'invalid_request_error', param, code: 'invalid_value' } });
}
