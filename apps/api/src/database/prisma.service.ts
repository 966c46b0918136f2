import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Env } from '../../../../libs/config/src/env';
import { appDatabaseAdapter, PrismaClient, warmUp } from '../../../../libs/db/src/prisma';
import { ENV } from '../config/config.module';

/**
 * Business actions go through workflows and their activities; the API writes
 * only pure data edits without side effects (agent config, customers, phone
 * numbers) and its own API keys and idempotency records.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(PrismaService.name);

  constructor(@Inject(ENV) env: Env) {
    super({ adapter: appDatabaseAdapter(env.DATABASE_URL) });
  }

  /**
   * Before the API listens: the first webhook finds the pool open. A database
   * that does not answer yet does not stop the boot: /readyz names it, and
   * Twilio's webhooks still get their fallback TwiML.
   */
  async onModuleInit(): Promise<void> {
    await warmUp(this).catch((error: Error) => this.log.warn({ msg: 'PostgreSQL did not answer at boot; /readyz reports it', err: error }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
