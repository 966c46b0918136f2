import { Injectable, NotFoundException } from '@nestjs/common';
import { mulawToPcm16 } from '../../../../libs/audio/src/mulaw';
import { pcm16Wav } from '../../../../libs/audio/src/pcm-wav';
import { greetingText, greetingTextHash } from '../../../../libs/greetings/src/greeting-text';
import { PrismaService } from '../database/prisma.service';
import type { GreetingPreview } from './greeting-preview.schemas';

/** GreetingAudio holds μ-law at 8 kHz, as Twilio plays it. */
const GREETING_SAMPLE_RATE_HZ = 8000;

/** A tenant's greeting as its callers hear it now: its text, and the cached recording the media-edge plays. */
@Injectable()
export class GreetingPreviewService {
  constructor(private readonly db: PrismaService) {}

  async preview(tenantId: string): Promise<GreetingPreview> {
    const { text, voice, key } = await this.current(tenantId);
    const recording = await this.db.greetingAudio.findUnique({ where: { tenantId_voice_textHash: key }, select: { durationMs: true, model: true, createdAt: true } });
    return { text, voice, recording: recording && { durationMs: recording.durationMs, model: recording.model, renderedAt: recording.createdAt.toISOString() } };
  }

  /** The recording as a PCM WAV file a browser plays; 404 while the current greeting has none. */
  async wav(tenantId: string): Promise<Buffer> {
    const { key } = await this.current(tenantId);
    const recording = await this.db.greetingAudio.findUnique({ where: { tenantId_voice_textHash: key }, select: { audio: true } });
    if (!recording) throw new NotFoundException('The current greeting has no recording yet');
    return pcm16Wav(mulawToPcm16(recording.audio), GREETING_SAMPLE_RATE_HZ);
  }

  /** The greeting text the agent config gives now, and the key of its recording (a changed text or voice is another one). */
  private async current(tenantId: string) {
    const config = await this.db.agentConfig.findUnique({ where: { tenantId }, select: { greetingTemplate: true, brand: true, agentName: true, voice: true } });
    if (!config) throw new NotFoundException('This tenant has no agent configured');
    const text = greetingText(config);
    return { text, voice: config.voice, key: { tenantId, voice: config.voice, textHash: greetingTextHash(text) } };
  }
}
