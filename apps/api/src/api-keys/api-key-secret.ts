import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRole } from '../../../../libs/db/src/prisma';

/** A key's first characters say what it can do: `sb_live_` acts on one tenant, `sb_admin_` across tenants. */
const KEY_PREFIXES: Record<ApiKeyRole, string> = { TENANT: 'sb_live_', ADMIN: 'sb_admin_' };
/** 160 random bits, written as 40 hex digits. */
const SECRET_BYTES = 20;
/** How much of the secret a listing shows after the prefix: enough to tell keys apart. */
const SHOWN_SECRET_CHARS = 8;

export interface ApiKeySecret {
  /** The whole key: handed to its owner once, never stored. */
  key: string;
  /** What listings show, e.g. `sb_live_3f9a0c1e`. */
  prefix: string;
  hash: string;
}

export function newApiKeySecret(role: ApiKeyRole): ApiKeySecret {
  return newBearerSecret(KEY_PREFIXES[role]);
}

/** A random bearer secret behind `prefix` (API keys, session links), its listed prefix and its hash. */
export function newBearerSecret(prefix: string): ApiKeySecret {
  const key = prefix + randomBytes(SECRET_BYTES).toString('hex');
  return { key, prefix: key.slice(0, prefix.length + SHOWN_SECRET_CHARS), hash: hashApiKey(key) };
}

/** Keys are long and random, so a plain SHA-256 is enough to make a stolen table useless. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
