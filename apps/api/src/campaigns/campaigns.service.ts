import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { CampaignNotFoundError, ReminderSchedules, type CampaignRun, type CampaignTenant, type CampaignView } from '../../../../libs/campaigns/src/reminder-schedules';
import type { Clock } from '../../../../libs/clock/src/clock';
import type { ApiEnv } from '../../../../libs/config/src/env';
import type { Principal } from '../auth/principal';
import { canAccessTenant, TenantAccess } from '../auth/tenant-access';
import { ENV } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import type { CreateCampaignBody, UpdateCampaignBody } from './campaigns.schemas';

export const CAMPAIGN_CLOCK = Symbol('CAMPAIGN_CLOCK');

/** A tenant's reminder campaign over REST; a key sees its own tenant's campaign only (another's is a 404). */
@Injectable()
export class CampaignsService {
  private readonly schedules: ReminderSchedules;

  constructor(
    client: Client,
    private readonly db: PrismaService,
    private readonly tenants: TenantAccess,
    @Inject(ENV) env: ApiEnv,
    @Inject(CAMPAIGN_CLOCK) clock: Clock,
  ) {
    this.schedules = new ReminderSchedules({ client, db, databaseUrl: env.DATABASE_URL, taskQueue: env.TEMPORAL_TASK_QUEUE, clock });
  }

  async create(principal: Principal, body: CreateCampaignBody): Promise<CampaignView> {
    const { tenant: slug, ...settings } = body;
    const target = await this.tenants.target(principal, slug);
    return this.schedules.ensure(await this.campaignTenant(target.id), settings);
  }

  async list(principal: Principal, slug: string | undefined): Promise<CampaignView[]> {
    const target = await this.tenants.target(principal, slug);
    try {
      return [await this.schedules.view(target.slug)];
    } catch (error) {
      if (error instanceof CampaignNotFoundError) return [];
      throw error;
    }
  }

  async view(principal: Principal, id: string): Promise<CampaignView> {
    const tenant = await this.owner(principal, id);
    return this.translated(() => this.schedules.view(tenant.slug));
  }

  async update(principal: Principal, id: string, changes: UpdateCampaignBody): Promise<CampaignView> {
    return this.schedules.ensure(await this.owner(principal, id), changes);
  }

  async setPaused(principal: Principal, id: string, paused: boolean, note: string | undefined): Promise<CampaignView> {
    const tenant = await this.owner(principal, id);
    return this.translated(() => this.schedules.pause(tenant, note, paused));
  }

  async trigger(principal: Principal, id: string): Promise<void> {
    const tenant = await this.owner(principal, id);
    await this.translated(() => this.schedules.trigger(tenant));
  }

  async backfill(principal: Principal, id: string, dates: string[]): Promise<void> {
    const tenant = await this.owner(principal, id);
    await this.translated(() => this.schedules.backfill(tenant, dates));
  }

  async runs(principal: Principal, id: string, date: string): Promise<CampaignRun[]> {
    const tenant = await this.owner(principal, id);
    const runs = await this.schedules.runs(tenant, date);
    if (runs.length === 0) throw new NotFoundException(`No run of ${id} for ${date}`);
    return runs;
  }

  async recentRuns(principal: Principal, id: string, limit: number): Promise<CampaignRun[]> {
    return this.schedules.recentRuns(await this.owner(principal, id), limit);
  }

  /** The tenant whose campaign `id` is, if the principal may see it; else a 404 worded like a missing campaign. */
  private async owner(principal: Principal, id: string): Promise<CampaignTenant> {
    const tenant = await this.db.tenant.findFirst({ where: { campaigns: { some: { id } } }, select: { id: true } });
    if (!tenant || !canAccessTenant(principal, tenant.id)) throw new NotFoundException(`No campaign ${id}`);
    return this.campaignTenant(tenant.id);
  }

  private async campaignTenant(tenantId: string): Promise<CampaignTenant> {
    const tenant = await this.db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, slug: true, agentConfig: { select: { timeZone: true } } } });
    if (!tenant.agentConfig) throw new NotFoundException(`Tenant ${tenant.slug} has no agent config (no time zone) to schedule reminders in`);
    return { id: tenant.id, slug: tenant.slug, timeZone: tenant.agentConfig.timeZone };
  }

  private async translated<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof CampaignNotFoundError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
