import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Env } from '../../../../libs/config/src/env';
import { PrismaClient } from '../../../../libs/db/src/prisma';
import { ENV } from '../config/config.module';

/**
 * Business actions go through workflows and their activities; the API writes
 * only pure data edits without side effects (agent config, customers, phone
 * numbers) and its own API keys and idempotency records.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(ENV) env: Env) {
    super({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
