import { isIP } from 'node:net';
import { z } from 'zod';

/** The names Express's `trust proxy` knows for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `TRUST_PROXY`: the reverse proxies allowed to say who the client is
 * (X-Forwarded-For), so the per-address rate limits count clients and not
 * the proxy. A number of hops, or a comma-separated list of addresses and
 * subnets (`loopback`, `10.0.0.0/8`, …). Unset, no header is believed: the
 * connecting address counts, and a forged header dodges no limit.
 */
export const trustProxySetting = z
  .string()
  .trim()
  .transform((value, ctx): number | string[] => {
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (!entries.every(isAddressOrSubnet)) {
      ctx.addIssue({ code: 'custom', message: 'expected a number of proxy hops, or comma-separated addresses and subnets (loopback, linklocal, uniquelocal, 10.0.0.0/8, …)' });
      return z.NEVER;
    }
    return entries;
  })
  .optional();
