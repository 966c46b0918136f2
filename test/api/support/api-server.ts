import { createApiApp } from '../../../apps/api/src/api-app';
import { createPrismaClient, type PrismaClient } from '../../../libs/db/src/prisma';

export interface ApiServer {
  baseUrl: string;
  /** The suite's database, to check what the API stored. */
  db: PrismaClient;
  close(): Promise<void>;
}

/** The real API app on a free port, configured from process.env as at boot. */
export async function startApiServer(): Promise<ApiServer> {
  const db = createPrismaClient(process.env.DATABASE_URL ?? '', 2);
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  return {
    baseUrl: await app.getUrl(),
    db,
    async close() {
      await app.close();
      await db.$disconnect();
    },
  };
}
