import { z } from 'zod';
import { TenantQuery } from '../common/tenant-slug';

export const GreetingQuery = z.strictObject(TenantQuery);

/** The greeting callers hear first, and whether its cached recording is ready. */
export const GreetingPreview = z.object({
  /** The template with {brand} and {agent} filled in. */
  text: z.string(),
  voice: z.string(),
  /** The recording of this very text in this voice; null until the worker has rendered it (or with no speech synthesis configured). */
  recording: z.object({ durationMs: z.number().int(), model: z.string(), renderedAt: z.iso.datetime() }).nullable(),
});
export type GreetingPreview = z.output<typeof GreetingPreview>;
