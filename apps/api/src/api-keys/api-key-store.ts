import type { Prisma, PrismaClient } from '../../../../libs/db/src/prisma';
import { hashApiKey, newApiKeySecret } from './api-key-secret';

/** Whom a new key acts for. */
export type ApiKeyOwner = { role: 'tenant'; tenantId: string } | { role: 'admin' };

/** A key as listings show it: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  role: 'tenant' | 'admin';
  /** The tenant's slug; null for an admin key. */
  tenant: string | null;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A stored key, as authentication needs it. */
export interface StoredApiKey extends ApiKeyInfo {
  tenantId: string | null;
}

const STORED_FIELDS = {
  id: true,
  name: true,
  role: true,
  tenantId: true,
  prefix: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
  tenant: { select: { slug: true } },
} satisfies Prisma.ApiKeySelect;

type Row = Prisma.ApiKeyGetPayload<{ select: typeof STORED_FIELDS }>;

/**
 * API keys in the database: only a key's SHA-256 and its prefix are kept.
 * The API and `npm run api-key` share this one store. These are the API's own
 * edge records (who may call it), not business data, so they are written here
 * rather than through a workflow.
 */
export class ApiKeyStore {
  constructor(private readonly db: PrismaClient) {}

  /** Creates a key; the returned `key` exists nowhere else. */
  async create(owner: ApiKeyOwner, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
    const role = owner.role === 'admin' ? 'ADMIN' : 'TENANT';
    const secret = newApiKeySecret(role);
    const row = await this.db.apiKey.create({
      data: { role, name, prefix: secret.prefix, hash: secret.hash, tenantId: owner.role === 'tenant' ? owner.tenantId : null },
      select: STORED_FIELDS,
    });
    return { key: secret.key, info: toInfo(row) };
  }

  /** The stored key a caller presented, revoked or not; null when there is none. */
  async findByKey(key: string): Promise<StoredApiKey | null> {
    const row = await this.db.apiKey.findUnique({ where: { hash: hashApiKey(key) }, select: STORED_FIELDS });
    return row && { ...toInfo(row), tenantId: row.tenantId };
  }

  async list(owner: ApiKeyOwner): Promise<ApiKeyInfo[]> {
    const rows = await this.db.apiKey.findMany({
      where: owner.role === 'admin' ? { role: 'ADMIN' } : { tenantId: owner.tenantId },
      orderBy: { createdAt: 'asc' },
      select: STORED_FIELDS,
    });
    return rows.map(toInfo);
  }

  /**
   * Revokes the key with this id or prefix, within one tenant when `tenantId`
   * is given. Revoking again keeps the first revocation time. Null when no key matches.
   */
  async revoke(idOrPrefix: string, within: { tenantId?: string } = {}): Promise<ApiKeyInfo | null> {
    const where = { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }], ...within };
    await this.db.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
    const row = await this.db.apiKey.findFirst({ where, select: STORED_FIELDS });
    return row && toInfo(row);
  }

  /** Records that a key was used, unless that was already recorded since `notBefore`. */
  async recordUse(id: string, now: Date, notBefore: Date): Promise<void> {
    await this.db.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: notBefore } }] },
      data: { lastUsedAt: now },
    });
  }
}

function toInfo(row: Row): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role === 'ADMIN' ? 'admin' : 'tenant',
    tenant: row.tenant?.slug ?? null,
    prefix: row.prefix,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
