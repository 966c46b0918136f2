import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { PrismaService } from '../database/prisma.service';
import { documentRoute } from '../openapi/api-route';

type Status = 'up' | 'down';
type Dependency = 'database' | 'temporal';

/** How long a readiness probe waits for each dependency: orchestrators probe every few seconds. */
const PROBE_TIMEOUT_MS = 5_000;
/** The gRPC deadline ends the SDK's own connection retries before the probe gives up, so no call is left pending at shutdown. */
const TEMPORAL_DEADLINE_MS = PROBE_TIMEOUT_MS - 1_000;

@Controller()
export class HealthController {
  constructor(
    private readonly db: PrismaService,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  /** Liveness: the process answers HTTP. Nothing else is checked, so a database outage restarts nothing. */
  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when PostgreSQL and Temporal both answer, 503 naming the one (or both) that do not. */
  @Get('readyz')
  async ready(): Promise<{ status: 'ready'; checks: Record<Dependency, Status> }> {
    const [database, temporal] = await Promise.all([
      probe(() => this.db.$queryRaw`select 1`),
      probe(() => this.temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const checks = { database, temporal };
    const down = (Object.keys(checks) as Dependency[]).filter((name) => checks[name] === 'down');
    if (down.length) throw new ServiceUnavailableException({ status: 'not ready', message: `${down.join(' and ')} down`, checks });
    return { status: 'ready', checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Status> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS)));
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

documentRoute({ method: 'get', path: '/healthz', tag: 'health', summary: 'Liveness: the process answers', response: z.object({ status: z.literal('ok') }) });
documentRoute({
  method: 'get',
  path: '/readyz',
  tag: 'health',
  summary: 'Readiness: PostgreSQL and Temporal answer; a 503 names the one that does not',
  response: z.object({ status: z.literal('ready'), checks: z.object({ database: z.enum(['up', 'down']), temporal: z.enum(['up', 'down']) }) }),
});
