import { z } from 'zod';
import { TenantSlug } from '../common/tenant-slug';

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).default('default'),
  /** Admin keys only may create admin keys. */
  role: z.enum(['tenant', 'admin']).default('tenant'),
  /** Which tenant the new key is for: a tenant key's own (may be omitted); required for admin keys creating tenant keys. */
  tenant: TenantSlug.optional(),
});
export type CreateApiKeyBody = z.output<typeof CreateApiKeyBody>;

export const ListApiKeysQuery = z.strictObject({ tenant: TenantSlug.optional() });

/** A key's id, or its prefix as listings show it (`sb_live_3f9a0c1e`). */
export const ApiKeyIdParam = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'expected an API key id or prefix');
