import type { PrismaClient } from '../../../../libs/db/src/prisma';
import { hashApiKey, newBearerSecret } from '../api-keys/api-key-secret';

/** Every session link starts so: the authenticator tells links from API keys by it. */
export const SESSION_LINK_PREFIX = 'sb_link_';

export interface NewSessionLink {
  tenantId: string;
  label: string;
  phone?: string;
  expiresAt: Date;
  createdByKeyId: string;
}

export interface SessionLinkInfo {
  id: string;
  label: string;
  phone: string | null;
  prefix: string;
  expiresAt: Date;
  createdAt: Date;
}

/** A stored link, as authentication needs it. */
export interface StoredSessionLink extends SessionLinkInfo {
  tenantId: string;
  tenantSlug: string;
}

/**
 * Session links in the database, kept like API keys: only the token's
 * SHA-256 and prefix. Like API keys, they are the API's own edge records
 * (who may open the browser agent), so they are written here rather than
 * through a workflow.
 */
export class SessionLinkStore {
  constructor(private readonly db: PrismaClient) {}

  /** Creates a link; the returned `token` exists nowhere else. */
  async create(link: NewSessionLink): Promise<{ token: string; info: SessionLinkInfo }> {
    const secret = newBearerSecret(SESSION_LINK_PREFIX);
    const row = await this.db.sessionLink.create({
      data: { ...link, phone: link.phone ?? null, prefix: secret.prefix, hash: secret.hash },
      select: { id: true, label: true, phone: true, prefix: true, expiresAt: true, createdAt: true },
    });
    return { token: secret.key, info: row };
  }

  /** Deletes the link with this id, within one tenant when `tenantId` is given: it opens nothing from then on. False when no link matches. */
  async revoke(id: string, within: { tenantId?: string } = {}): Promise<boolean> {
    const { count } = await this.db.sessionLink.deleteMany({ where: { id, ...within } });
    return count > 0;
  }

  /** The link a caller presented, expired or not; null when there is none. */
  async findByToken(token: string): Promise<StoredSessionLink | null> {
    const row = await this.db.sessionLink.findUnique({
      where: { hash: hashApiKey(token) },
      select: { id: true, label: true, phone: true, prefix: true, expiresAt: true, createdAt: true, tenantId: true, tenant: { select: { slug: true } } },
    });
    if (!row) return null;
    const { tenant, ...link } = row;
    return { ...link, tenantSlug: tenant.slug };
  }
}
