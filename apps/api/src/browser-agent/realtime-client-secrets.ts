import type OpenAI from 'openai';
import { webRtcSessionBody } from '../../../../libs/realtime/src/openai/session-update';
import type { SessionSettings } from '../../../../libs/realtime/src/realtime-session';
import type { OpenAiWebRtcConnection } from './browser-agent.schemas';

/** Long enough to connect; the WebRTC call it opens may last longer. */
const CLIENT_SECRET_TTL_SECONDS = 120;

/**
 * OpenAI Realtime ephemeral client secrets through the official SDK: the
 * browser connects to OpenAI with one, its session already configured with
 * the tenant's instructions, voice and tools.
 */
export class RealtimeClientSecrets {
  constructor(
    private readonly openai: OpenAI,
    private readonly model: string,
  ) {}

  async mint(settings: SessionSettings, greetingInstructions: string): Promise<OpenAiWebRtcConnection> {
    const secret = await this.openai.realtime.clientSecrets.create({
      expires_after: { anchor: 'created_at', seconds: CLIENT_SECRET_TTL_SECONDS },
      session: webRtcSessionBody(settings, this.model),
    });
    return {
      type: 'openai-webrtc',
      clientSecret: secret.value,
      expiresAt: secret.expires_at,
      callsUrl: `${this.openai.baseURL.replace(/\/+$/, '')}/realtime/calls`,
      greetingInstructions,
    };
  }
}
