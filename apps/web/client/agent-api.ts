import { ApiError } from '../shared/api-client';

// What the page asks the REST API, with its own credential: a session link
// from its URL, or the API key stored by the admin console's sign-in.

/** `GET /v1/session` (apps/api/src/browser-agent/browser-agent.schemas.ts). */
export interface BrowserSession {
  callSid: string;
  agent: { name: string; brand: string };
  confirmTools: string[];
  connection: MediaEdgeConnection | OpenAiWebRtcConnection;
}

export interface MediaEdgeConnection {
  type: 'media-edge';
  url: string;
  token: string;
}

export interface OpenAiWebRtcConnection {
  type: 'openai-webrtc';
  clientSecret: string;
  expiresAt: number;
  callsUrl: string;
  greetingInstructions: string;
}

/** The envelope every tool returns. */
export type ToolResult = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** What `POST /v1/calls/:callSid/events` takes (the WebRTC page reports what it saw). */
export type CallEvent =
  | { type: 'connected' }
  | { type: 'turn'; role: 'caller' | 'agent'; text: string }
  | { type: 'usage'; usage: unknown }
  | { type: 'ended'; reason?: string };

export class AgentApi {
  constructor(
    private readonly bearer: string,
    /** An admin key names the tenant (`/client?tenant=<slug>`). */
    private readonly tenant: string | null,
  ) {}

  session(): Promise<BrowserSession> {
    return this.request(`/v1/session${this.tenant ? `?tenant=${encodeURIComponent(this.tenant)}` : ''}`);
  }

  /** The call's runTool Update; a refusal (unknown tool, bad arguments) comes back as the model should read it. */
  async runTool(callSid: string, toolCallId: string, name: string, args: unknown): Promise<ToolResult> {
    try {
      return await this.request(`/v1/calls/${callSid}/tools`, { method: 'POST', body: JSON.stringify({ toolCallId, name, args }) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return { ok: false, error: { code: 'rejected', message: error.message } };
      return { ok: false, error: { code: 'tool_unavailable', message: `${name} is not working right now; offer to take a message.` } };
    }
  }

  /** `keepalive`: the last event (the end) still goes out when the tab is closing. */
  report(callSid: string, seq: number, event: CallEvent): Promise<void> {
    return this.request(`/v1/calls/${callSid}/events`, { method: 'POST', body: JSON.stringify({ seq, event }), keepalive: true });
  }

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.bearer}`);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(path, { ...init, headers });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { message?: string | string[] };
      throw new ApiError(response.status, Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? response.statusText));
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
}
