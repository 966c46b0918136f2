import { ApiKeyStore } from '../../../apps/api/src/api-keys/api-key-store';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { DemoTenant } from '../../../prisma/seed/demo-data';
import { tenantIdOf } from '../../support/call-fixtures';

/** A fresh key for a seeded tenant (or a test's own, by id), or an admin key, through the same store the CLI uses. */
export async function issueKey(db: PrismaClient, owner: DemoTenant | { tenantId: string } | 'admin', name = 'test'): Promise<string> {
  const store = new ApiKeyStore(db);
  if (owner === 'admin') return (await store.create({ role: 'admin' }, name)).key;
  const tenantId = 'tenantId' in owner ? owner.tenantId : await tenantIdOf(db, owner);
  return (await store.create({ role: 'tenant', tenantId }, name)).key;
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
