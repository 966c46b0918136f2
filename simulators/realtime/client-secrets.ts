import type { ClientSecretCreateResponse } from 'openai/resources/realtime/client-secrets';
import { z } from 'zod';
import { describeIssue, type RealtimeErrorDetails } from './client-events';
import { newId } from './ids';
import { defaultSessionConfig, mergeSessionConfig, sessionUpdateSchema, wireSession, type SessionUpdate } from './session-config';

const DEFAULT_MODEL = 'gpt-realtime';
const DEFAULT_TTL_SECONDS = 600;

/** Body of `POST /v1/realtime/client_secrets` (protocols.md §3.10). */
const clientSecretRequestSchema = z.strictObject({
  expires_after: z.strictObject({ anchor: z.literal('created_at'), seconds: z.number().int().min(10).max(7200) }).optional(),
  session: sessionUpdateSchema.optional(),
});

export interface IssuedKey {
  expiresAtMs: number;
  /** The session config the key was issued for. */
  session?: SessionUpdate;
}

export type ClientSecretResult = { ok: true; body: ClientSecretCreateResponse } | { ok: false; error: RealtimeErrorDetails };

/** Issues `ek_…` ephemeral keys and recognises them when a client connects with one. */
export class EphemeralKeys {
  private readonly issued = new Map<string, IssuedKey>();

  create(body: unknown): ClientSecretResult {
    const parsed = clientSecretRequestSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: describeIssue(parsed.error.issues[0], body) };
    const { expires_after, session } = parsed.data;
    const expiresAt = Math.floor(Date.now() / 1000) + (expires_after?.seconds ?? DEFAULT_TTL_SECONDS);
    const value = newId('ek');
    this.issued.set(value, { expiresAtMs: expiresAt * 1000, session });
    const defaults = defaultSessionConfig(session?.model ?? DEFAULT_MODEL);
    const config = session ? mergeSessionConfig(defaults, session) : defaults;
    return { ok: true, body: { value, expires_at: expiresAt, session: wireSession(config) } };
  }

  /** The key, unless it is unknown or expired. */
  lookup(key: string): IssuedKey | undefined {
    const issued = this.issued.get(key);
    return issued && issued.expiresAtMs >= Date.now() ? issued : undefined;
  }
}
