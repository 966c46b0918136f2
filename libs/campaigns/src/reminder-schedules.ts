import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleUpdateOptions,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { localDaysAhead, type Clock } from '../../clock/src/clock';
import { AdvisoryLocks } from '../../db/src/advisory-locks';
import type { PrismaClient } from '../../db/src/prisma';
import { CampaignDateKey, TenantIdKey } from '../../temporal/src/search-attributes';
import { CALLS_TASK_QUEUE } from '../../temporal/src/task-queues';
import { campaignProgressQuery } from './campaign-messages';
import { KeyedSerializer } from './keyed-serializer';
import { DEFAULT_PACING, REMINDER_CAMPAIGN_WORKFLOW_TYPE, reminderScheduleId, type CampaignPacing, type CampaignProgress, type ReminderCampaignInput } from './reminder-campaign';
import { DEFAULT_REMINDER_TIME, fireTimeFor, formatReminderTime, parseReminderTime } from './reminder-time';

/** A missed run starts late only within this window: after a longer outage, stale reminders are not called. */
export const CATCHUP_WINDOW = '1 hour';
/** Half a backfill window around a day's fire time. */
const BACKFILL_MARGIN_MS = 30_000;

export interface CampaignTenant {
  id: string;
  slug: string;
  timeZone: string;
}

export interface CampaignSettings extends CampaignPacing {
  /** HH:MM the day before, in the tenant's zone. */
  time: string;
}

export interface CampaignView extends CampaignSettings {
  id: string;
  tenant: string;
  timeZone: string;
  paused: boolean;
  note?: string;
  nextRunsAt: string[];
}

export interface CampaignRun {
  workflowId: string;
  runId: string;
  status: string;
  startedAt: string;
  progress: CampaignProgress;
}

type CampaignAction = ScheduleOptionsStartWorkflowAction<(input: ReminderCampaignInput) => Promise<CampaignProgress>>;

export class CampaignNotFoundError extends Error {}

/**
 * A tenant's reminder campaign: the Temporal Schedule `reminders-<slug>`
 * (in the tenant's zone, overlap SKIP, a one-hour catch-up window) and its
 * Campaign row. Schedule updates carry no conflict check (a read, then a
 * write of the whole schedule), so every change to one tenant's schedule runs
 * after the previous one: in arrival order within this process, under a
 * PostgreSQL advisory lock across processes (API instances, the seed, the CLI).
 */
export class ReminderSchedules {
  private readonly perTenant = new KeyedSerializer();
  private readonly locks: AdvisoryLocks;

  constructor(
    private readonly deps: { client: Client; db: PrismaClient; databaseUrl: string; taskQueue?: string; clock?: Clock },
  ) {
    this.locks = new AdvisoryLocks(deps.databaseUrl, 'reminder-schedules');
  }

  /** One change to the tenant's schedule at a time, everywhere. */
  private oneAtATime<T>(tenantId: string, change: () => Promise<T>): Promise<T> {
    return this.perTenant.run(tenantId, () => this.locks.withLock(tenantId, change));
  }

  /** Creates the campaign, or updates it with `changes` when it exists: safe to repeat (the seed does). */
  ensure(tenant: CampaignTenant, changes: Partial<CampaignSettings> & { paused?: boolean } = {}): Promise<CampaignView> {
    return this.oneAtATime(tenant.id, async () => {
      const id = reminderScheduleId(tenant.slug);
      const handle = this.deps.client.schedule.getHandle(id);
      const current = await handle.describe().then(settingsOf, (error: unknown) => {
        if (error instanceof ScheduleNotFoundError) return undefined;
        throw error;
      });
      const settings: CampaignSettings = { time: DEFAULT_REMINDER_TIME, ...DEFAULT_PACING, ...current, ...changes };
      await this.deps.db.campaign.upsert({
        where: { id },
        create: { id, tenantId: tenant.id, name: 'Appointment reminders', schedule: cronOf(settings.time), enabled: !changes.paused },
        update: { schedule: cronOf(settings.time), ...(changes.paused !== undefined ? { enabled: !changes.paused } : {}) },
      });
      const options = this.scheduleOptions(tenant, id, settings);
      if (!current) {
        try {
          await this.deps.client.schedule.create({ scheduleId: id, ...options, state: { paused: changes.paused ?? false } });
          return this.viewOf(tenant.slug);
        } catch (error) {
          // Another process created it since we looked: update it as if we had seen it.
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        }
      }
      await handle.update((previous) => ({
        ...options,
        state: { paused: changes.paused ?? previous.state.paused, note: previous.state.note },
      }));
      return this.viewOf(tenant.slug);
    });
  }

  async view(tenantSlug: string): Promise<CampaignView> {
    return this.viewOf(tenantSlug);
  }

  pause(tenant: CampaignTenant, note: string | undefined, paused: boolean): Promise<CampaignView> {
    return this.oneAtATime(tenant.id, async () => {
      const handle = await this.existing(tenant.slug);
      await (paused ? handle.pause(note ?? 'paused over REST') : handle.unpause(note ?? 'resumed over REST'));
      await this.deps.db.campaign.update({ where: { id: handle.scheduleId }, data: { enabled: !paused } });
      return this.viewOf(tenant.slug);
    });
  }

  /** Runs the campaign now, for tomorrow; SKIP while a run is still going (a second one would double the tenant's calls at once). */
  trigger(tenant: CampaignTenant): Promise<void> {
    return this.oneAtATime(tenant.id, async () => (await this.existing(tenant.slug)).trigger(ScheduleOverlapPolicy.SKIP));
  }

  /**
   * Runs the campaign for each of `dates` as the schedule would have, one
   * after another (BUFFER_ALL). Reminders already made are counted, not made again.
   */
  backfill(tenant: CampaignTenant, dates: string[]): Promise<void> {
    return this.oneAtATime(tenant.id, async () => {
      const handle = await this.existing(tenant.slug);
      const { time } = settingsOf(await handle.describe());
      // Days are on the workers' clock (SWITCHBOARD_TODAY); the schedule fires on the real one, at the
      // same local time: shift by whole local days, never by milliseconds (a DST change lies between).
      const daysAhead = this.deps.clock ? localDaysAhead(this.deps.clock, tenant.timeZone) : 0;
      await handle.backfill(
        dates.map((date) => {
          const firesAt = fireTimeFor(date, time, tenant.timeZone).minus({ days: daysAhead }).toMillis();
          return { start: new Date(firesAt - BACKFILL_MARGIN_MS), end: new Date(firesAt + BACKFILL_MARGIN_MS), overlap: ScheduleOverlapPolicy.BUFFER_ALL };
        }),
      );
    });
  }

  /** The tenant's runs for a day, oldest first, each with its progress. */
  async runs(tenant: CampaignTenant, date: string): Promise<CampaignRun[]> {
    const runs = await this.runsWhere(tenant, `${CampaignDateKey.name} = '${date}'`);
    return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** The tenant's latest runs, whatever day each calls about, newest first, each with its progress. */
  async recentRuns(tenant: CampaignTenant, limit: number): Promise<CampaignRun[]> {
    const runs = await this.runsWhere(tenant, undefined, limit);
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** A run that continued as new is listed as its latest execution, which carries the whole day's progress. */
  private async runsWhere(tenant: CampaignTenant, condition: string | undefined, limit = Infinity): Promise<CampaignRun[]> {
    const query = [
      `WorkflowType = '${REMINDER_CAMPAIGN_WORKFLOW_TYPE}'`,
      `${TenantIdKey.name} = '${tenant.id}'`,
      ...(condition ? [condition] : []),
      `ExecutionStatus != 'ContinuedAsNew'`,
    ].join(' AND ');
    const executions: WorkflowExecutionInfo[] = [];
    for await (const execution of this.deps.client.workflow.list({ query, ...(Number.isFinite(limit) && { pageSize: limit }) })) {
      executions.push(execution);
      if (executions.length >= limit) break;
    }
    return Promise.all(
      executions.map(async (execution) => ({
        workflowId: execution.workflowId,
        runId: execution.runId,
        status: execution.status.name,
        startedAt: execution.startTime.toISOString(),
        progress: await this.deps.client.workflow.getHandle(execution.workflowId, execution.runId).query(campaignProgressQuery),
      })),
    );
  }

  private async existing(tenantSlug: string) {
    const handle = this.deps.client.schedule.getHandle(reminderScheduleId(tenantSlug));
    try {
      await handle.describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw new CampaignNotFoundError(`No reminder campaign for tenant ${tenantSlug}`);
      throw error;
    }
    return handle;
  }

  private async viewOf(tenantSlug: string): Promise<CampaignView> {
    const description = await (await this.existing(tenantSlug)).describe();
    return {
      id: description.scheduleId,
      tenant: tenantSlug,
      timeZone: description.spec.timezone ?? 'UTC',
      ...settingsOf(description),
      paused: description.state.paused,
      note: description.state.note,
      nextRunsAt: description.info.nextActionTimes.map((time) => time.toISOString()),
    };
  }

  private scheduleOptions(tenant: CampaignTenant, id: string, settings: CampaignSettings): ScheduleUpdateOptions<CampaignAction> {
    const { hour, minute } = parseReminderTime(settings.time);
    const input: ReminderCampaignInput = { tenantId: tenant.id, campaignId: id, concurrency: settings.concurrency, dialsPerSecond: settings.dialsPerSecond };
    return {
      spec: { calendars: [{ hour, minute, comment: 'the day before the appointments' }], timezone: tenant.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType: REMINDER_CAMPAIGN_WORKFLOW_TYPE,
        workflowId: id,
        taskQueue: this.deps.taskQueue ?? CALLS_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: [{ key: TenantIdKey, value: tenant.id }],
        staticSummary: `reminder calls for ${tenant.slug}`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW, pauseOnFailure: false },
      state: {},
    };
  }
}

function settingsOf(description: ScheduleDescription): CampaignSettings {
  const calendar = description.spec.calendars?.[0];
  const input = description.action.args?.[0] as ReminderCampaignInput | undefined;
  const hour = Number(calendar?.hour?.[0]?.start ?? 17);
  const minute = Number(calendar?.minute?.[0]?.start ?? 0);
  return {
    time: formatReminderTime(hour, minute),
    concurrency: input?.concurrency ?? DEFAULT_PACING.concurrency,
    dialsPerSecond: input?.dialsPerSecond ?? DEFAULT_PACING.dialsPerSecond,
  };
}

const cronOf = (time: string): string => {
  const { hour, minute } = parseReminderTime(time);
  return `${minute} ${hour} * * *`;
};

