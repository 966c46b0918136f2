import { z } from 'zod';
import { TenantQuery, TenantSlug } from '../common/tenant-slug';

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).default('default'),
  /** Admin keys only may create admin keys. */
  role: z.enum(['tenant', 'admin']).default('tenant'),
  /** Which tenant the new key is for: a tenant key's own (may be omitted); required for admin keys creating tenant keys. */
  tenant: TenantSlug.optional(),
});
export type CreateApiKeyBody = z.output<typeof CreateApiKeyBody>;

export const ListApiKeysQuery = z.strictObject(TenantQuery);

/** A key's id, or its prefix as listings show it (`sb_live_3f9a0c1e`). */
export const ApiKeyIdParam = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'expected an API key id or prefix');

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['tenant', 'admin']),
  tenant: z.string().nullable(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});

export const CreatedApiKeyView = ApiKeyView.extend({ key: z.string().describe('The key itself: shown once, never stored') });
