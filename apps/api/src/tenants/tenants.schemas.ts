import { z } from 'zod';

export const ListTenantsQuery = z.strictObject({});

export const TenantView = z.object({
  slug: z.string(),
  name: z.string(),
  vertical: z.enum(['AUTO_SHOP', 'REAL_ESTATE', 'ROOFING', 'HOTEL']),
  /** The agent's time zone; null for a tenant without an agent configured. */
  timeZone: z.string().nullable(),
});
export type TenantView = z.output<typeof TenantView>;

/** The tenants a key may act on, and what kind of key it is: an admin key sees every tenant, a tenant key its own. */
export const TenantList = z.object({ role: z.enum(['admin', 'tenant']), data: z.array(TenantView) });
export type TenantList = z.output<typeof TenantList>;
