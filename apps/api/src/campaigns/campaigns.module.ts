import { Module } from '@nestjs/common';
import { clockFromEnv } from '../../../../libs/config/src/env';
import { CampaignsController } from './campaigns.controller';
import { CAMPAIGN_CLOCK, CampaignsService } from './campaigns.service';

/** `/v1/campaigns`: reminder campaigns, on the days of the workers' clock (SWITCHBOARD_TODAY outside production). */
@Module({ controllers: [CampaignsController], providers: [CampaignsService, { provide: CAMPAIGN_CLOCK, useFactory: () => clockFromEnv() }] })
export class CampaignsModule {}
