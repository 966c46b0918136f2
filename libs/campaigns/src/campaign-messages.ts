import { defineQuery } from '@temporalio/workflow';
import type { CampaignProgress } from './reminder-campaign';

// The campaign workflow's public surface: the API and the CLI import it, never the workflow body.
export const campaignProgressQuery = defineQuery<CampaignProgress>('progress');
