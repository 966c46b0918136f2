import { z } from 'zod';

/** How a request with an admin key names the tenant it acts on. */
export const TenantSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a tenant slug, e.g. rivera-auto');
