import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../prisma/generated/client/client';

export { Prisma, PrismaClient } from '../../../prisma/generated/client/client';
export * from '../../../prisma/generated/client/enums';

/** One Prisma client over the pg driver adapter (no native query engine). */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}
