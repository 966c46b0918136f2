import { ApiKeyStore } from '../../../apps/api/src/api-keys/api-key-store';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { DemoTenant } from '../../../prisma/seed/demo-data';
import { tenantIdOf } from '../../support/call-fixtures';

/** A fresh key for a seeded tenant, or an admin key, through the same store the CLI uses. */
export async function issueKey(db: PrismaClient, owner: DemoTenant | 'admin', name = 'test'): Promise<string> {
  const store = new ApiKeyStore(db);
  const created = await store.create(owner === 'admin' ? { role: 'admin' } : { role: 'tenant', tenantId: await tenantIdOf(db, owner) }, name);
  return created.key;
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
