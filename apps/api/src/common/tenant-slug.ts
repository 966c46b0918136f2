import { z } from 'zod';

/** How a request with an admin key names the tenant it acts on. */
export const TenantSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a tenant slug, e.g. rivera-auto');

/** `?tenant=`: which tenant an admin key acts on; a tenant key may leave it out (or name its own). */
export const TenantQuery = { tenant: TenantSlug.optional().describe('Tenant slug; required with an admin key, optional with a tenant key') };
