// The /v1 responses the console reads. Those with a contract in libs/ come from
// there (type imports only: nothing of it reaches the bundle); the shapes that
// only the API's zod schemas define are written out here (openapi.json has them whole).
export type { CallView, TurnRole } from '../../../libs/calls/src';
export type { CallbackState as Callback, CallbackStatus } from '../../../libs/callbacks/src/callback-messages';
export type { CampaignProgress } from '../../../libs/campaigns/src/reminder-campaign';
export type { CampaignRun, CampaignView as Campaign } from '../../../libs/campaigns/src/reminder-schedules';

export interface Tenant {
  slug: string;
  name: string;
  vertical: string;
  timeZone: string | null;
}

export interface TenantList {
  role: 'admin' | 'tenant';
  data: Tenant[];
}

export interface LiveCall {
  callSid: string;
  workflowId: string;
  tenant: string;
  tenantName: string;
  direction: 'inbound' | 'outbound';
  caller: string;
  startedAt: string;
  durationSeconds: number;
  lastTool: string | null;
  toolCalls: number;
  temporalUiUrl: string | null;
}

export interface CallListItem {
  callSid: string;
  tenant: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  status: string;
  outcome: string | null;
  leadScore: number | null;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  costUsd: number;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface CallAnalytics {
  totals: { calls: number; byOutcome: Record<string, number>; costUsd: number; averageLeadScore: number | null };
  calls: Array<Pick<CallListItem, 'startedAt' | 'outcome'>>;
}

export interface AgentConfig {
  tenant: { slug: string; name: string };
  agentName: string;
  brand: string;
  greetingTemplate: string;
  voice: string;
  instructions: string;
  timeZone: string;
  transferNumbers: { primary?: string; afterHours?: string; spanish?: string };
  toolPacks: string[];
  recordingEnabled: boolean;
  aiEnabled: boolean;
}

export interface GreetingPreview {
  text: string;
  voice: string;
  recording: { durationMs: number; model: string; renderedAt: string } | null;
}
