import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { PrismaService } from '../database/prisma.service';

type Status = 'up' | 'down';

@Controller('health')
export class HealthController {
  constructor(
    private readonly db: PrismaService,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  /** 200 when PostgreSQL and Temporal both answer, 503 naming the one that does not. */
  @Get()
  async check(): Promise<{ database: Status; temporal: Status }> {
    const [database, temporal] = await Promise.all([
      probe(() => this.db.$queryRaw`select 1`),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const report = { database, temporal };
    if (database === 'down' || temporal === 'down') throw new ServiceUnavailableException(report);
    return report;
  }
}

async function probe(check: () => Promise<unknown>): Promise<Status> {
  try {
    await check();
    return 'up';
  } catch {
    return 'down';
  }
}
