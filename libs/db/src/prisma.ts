import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../prisma/generated/client/client';

export { Prisma, PrismaClient } from '../../../prisma/generated/client/client';
export * from '../../../prisma/generated/client/enums';

/** One Prisma client over the pg driver adapter (no native query engine); it connects on first use. */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

/**
 * The pool of a long-running app: one connection stays open when idle (pg
 * closes idle ones after 10 s), so the first query after a quiet spell does
 * not wait for a connection either. Open it with {@link warmUp}.
 */
export function appDatabaseAdapter(databaseUrl: string, poolSize = 10): PrismaPg {
  return new PrismaPg({ connectionString: databaseUrl, max: poolSize, min: 1 });
}

/**
 * What the first query would otherwise pay, paid at boot: a connection, and
 * Prisma's query compiler (WebAssembly, loaded on the first query, most of a
 * second) with the model-query path it runs.
 */
export async function warmUp(db: PrismaClient): Promise<void> {
  await db.tenant.findFirst({ select: { id: true } });
}

/** An app's client, connected and warmed up. */
export async function connectAppDatabase(databaseUrl: string, poolSize?: number): Promise<PrismaClient> {
  const db = new PrismaClient({ adapter: appDatabaseAdapter(databaseUrl, poolSize) });
  await warmUp(db);
  return db;
}
