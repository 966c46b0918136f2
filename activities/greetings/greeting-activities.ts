import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { greetingText, greetingTextHash } from '../../libs/greetings/src/greeting-text';
import type { RenderedGreeting, RenderGreetingInput } from '../../libs/greetings/src/render-greeting-messages';
import type { SpeechSynthesis } from '../../libs/speech/src/speech-synthesis';

/** μ-law 8 kHz: one byte per sample. */
const MULAW_BYTES_PER_MS = 8;

export interface GreetingActivityDeps {
  db: PrismaClient;
  /** Absent: greetings are not rendered, and the model speaks them on every call. */
  speech?: SpeechSynthesis;
}

export function createGreetingActivities({ db, speech }: GreetingActivityDeps) {
  return {
    /**
     * Renders the tenant's greeting, as its agent config says it now, in the
     * tenant's voice, unless that very recording exists. Idempotent: the row is
     * keyed by tenant, voice and text hash. No transaction spans the speech API
     * call; recordings of older greetings are removed after the new one is stored.
     */
    async renderGreeting({ tenantId }: RenderGreetingInput): Promise<RenderedGreeting> {
      const config = await db.agentConfig.findUnique({
        where: { tenantId },
        select: { greetingTemplate: true, brand: true, agentName: true, voice: true },
      });
      if (!config) return { outcome: 'skipped', reason: 'the tenant has no agent config' };
      if (!speech) return { outcome: 'skipped', reason: 'no speech synthesis is configured' };
      const text = greetingText(config);
      const key = { tenantId, voice: config.voice, textHash: greetingTextHash(text) };
      const existing = await db.greetingAudio.findUnique({ where: { tenantId_voice_textHash: key }, select: { durationMs: true } });
      if (existing) return { outcome: 'already_rendered', voice: key.voice, textHash: key.textHash, durationMs: existing.durationMs };

      const audio = await speech.synthesize({ text, voice: config.voice });
      if (audio.length === 0) throw ApplicationFailure.nonRetryable(`speech synthesis returned no audio for tenant ${tenantId}`, 'EmptySpeech');
      const durationMs = Math.round(audio.length / MULAW_BYTES_PER_MS);
      await db.greetingAudio.upsert({
        where: { tenantId_voice_textHash: key },
        create: { ...key, text, audio: new Uint8Array(audio), durationMs, model: speech.model },
        update: {},
      });
      await db.greetingAudio.deleteMany({ where: { tenantId, NOT: { voice: key.voice, textHash: key.textHash } } });
      return { outcome: 'rendered', voice: key.voice, textHash: key.textHash, durationMs };
    },
  };
}
