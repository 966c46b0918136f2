import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { CampaignRun, CampaignView } from '../../../../libs/campaigns/src/reminder-schedules';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import {
  BackfillCampaignBody,
  CampaignIdParam,
  CreateCampaignBody,
  datesFrom,
  ListCampaignsQuery,
  PauseCampaignBody,
  RecentRunsQuery,
  RunDateParam,
  UpdateCampaignBody,
} from './campaigns.schemas';
import { CampaignsService } from './campaigns.service';

const CampaignId = new ZodValidationPipe(CampaignIdParam);

/** A tenant's reminder campaign: its schedule (`reminders-<slug>`), its runs, their progress. */
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Creates the tenant's campaign, or updates it when it exists. */
  @Post()
  @Idempotent()
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(CreateCampaignBody)) body: CreateCampaignBody): Promise<CampaignView> {
    return this.campaigns.create(principal, body);
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListCampaignsQuery)) query: { tenant?: string }): Promise<{ data: CampaignView[] }> {
    return { data: await this.campaigns.list(principal, query.tenant) };
  }

  @Get(':id')
  view(@CurrentPrincipal() principal: Principal, @Param('id', CampaignId) id: string): Promise<CampaignView> {
    return this.campaigns.view(principal, id);
  }

  @Patch(':id')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CampaignId) id: string,
    @Body(new ZodValidationPipe(UpdateCampaignBody)) body: UpdateCampaignBody,
  ): Promise<CampaignView> {
    return this.campaigns.update(principal, id, body);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Idempotent()
  pause(@CurrentPrincipal() principal: Principal, @Param('id', CampaignId) id: string, @Body(new ZodValidationPipe(PauseCampaignBody)) body: { note?: string }): Promise<CampaignView> {
    return this.campaigns.setPaused(principal, id, true, body.note);
  }

  @Post(':id/unpause')
  @HttpCode(200)
  @Idempotent()
  unpause(@CurrentPrincipal() principal: Principal, @Param('id', CampaignId) id: string, @Body(new ZodValidationPipe(PauseCampaignBody)) body: { note?: string }): Promise<CampaignView> {
    return this.campaigns.setPaused(principal, id, false, body.note);
  }

  /** Runs the campaign now (for tomorrow), unless a run is still going. */
  @Post(':id/trigger')
  @HttpCode(202)
  @Idempotent()
  async trigger(@CurrentPrincipal() principal: Principal, @Param('id', CampaignId) id: string): Promise<{ triggered: true }> {
    await this.campaigns.trigger(principal, id);
    return { triggered: true };
  }

  /** Runs the campaign for each day from `from` to `to` as the schedule would have; calls already made are not made again. */
  @Post(':id/backfill')
  @HttpCode(202)
  @Idempotent()
  async backfill(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CampaignId) id: string,
    @Body(new ZodValidationPipe(BackfillCampaignBody)) body: { from: string; to: string },
  ): Promise<{ dates: string[] }> {
    const dates = datesFrom(body.from, body.to);
    await this.campaigns.backfill(principal, id, dates);
    return { dates };
  }

  /** The latest runs, newest first, whatever day each calls about. */
  @Get(':id/runs')
  async recentRuns(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CampaignId) id: string,
    @Query(new ZodValidationPipe(RecentRunsQuery)) query: { limit: number },
  ): Promise<{ data: CampaignRun[] }> {
    return { data: await this.campaigns.recentRuns(principal, id, query.limit) };
  }

  /** Every run of the campaign for the day (a re-run only counts what the first one called), oldest first, with its progress. */
  @Get(':id/runs/:date')
  async runs(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CampaignId) id: string,
    @Param('date', new ZodValidationPipe(RunDateParam)) date: string,
  ): Promise<{ date: string; runs: CampaignRun[] }> {
    return { date, runs: await this.campaigns.runs(principal, id, date) };
  }
}

const tag = 'campaigns';
const params = { id: CampaignIdParam };
documentRoute({ method: 'post', path: '/v1/campaigns', tag, summary: "Create the tenant's reminder campaign (its Schedule), or update the one it has", body: CreateCampaignBody, idempotent: true });
documentRoute({ method: 'get', path: '/v1/campaigns', tag, summary: 'Reminder campaigns', query: ListCampaignsQuery });
documentRoute({ method: 'get', path: '/v1/campaigns/:id', tag, summary: 'A reminder campaign', params });
documentRoute({ method: 'patch', path: '/v1/campaigns/:id', tag, summary: "Change a campaign's time, pacing or state", params, body: UpdateCampaignBody });
documentRoute({ method: 'post', path: '/v1/campaigns/:id/pause', tag, summary: 'Pause the schedule', params, body: PauseCampaignBody, idempotent: true });
documentRoute({ method: 'post', path: '/v1/campaigns/:id/unpause', tag, summary: 'Resume the schedule', params, body: PauseCampaignBody, idempotent: true });
documentRoute({ method: 'post', path: '/v1/campaigns/:id/trigger', tag, summary: "Run it now for tomorrow's appointments (skipped while a run is going)", params, idempotent: true });
documentRoute({ method: 'post', path: '/v1/campaigns/:id/backfill', tag, summary: 'Run it for each day from `from` to `to`; calls already made are not made again', params, body: BackfillCampaignBody, idempotent: true });
documentRoute({ method: 'get', path: '/v1/campaigns/:id/runs', tag, summary: 'The latest runs with their progress, newest first', params, query: RecentRunsQuery });
documentRoute({ method: 'get', path: '/v1/campaigns/:id/runs/:date', tag, summary: "The day's runs with their progress", params: { id: CampaignIdParam, date: RunDateParam } });
