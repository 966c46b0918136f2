// What the console reads of the /v1 responses (openapi.json has them whole).
// Written out here: the API's own types live in Node code the browser build cannot import.

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

export interface Turn {
  seq: number;
  role: 'caller' | 'agent' | 'system';
  text: string;
  at: string;
}

export interface CallView {
  callSid: string;
  tenant: string;
  workflowId: string;
  temporalUiUrl: string | null;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  leadScore: number | null;
  costUsd: number;
  transcript: Turn[];
  toolCalls: Array<{ id: string; name: string; args: unknown; ok: boolean; result: unknown; durationMs: number }>;
  summary: {
    intent: string;
    outcome: string;
    summary: string;
    lead_score: number;
    next_actions: string[];
    sentiment: string;
    model: string;
  } | null;
  live: {
    phase: string;
    withPerson: boolean;
    recentTurns: Turn[];
    toolCalls: Array<{ toolCallId: string; name: string; ok: boolean }>;
  } | null;
}

export interface Campaign {
  id: string;
  tenant: string;
  timeZone: string;
  time: string;
  concurrency: number;
  dialsPerSecond: number;
  paused: boolean;
  note?: string;
  nextRunsAt: string[];
}

export interface CampaignProgress {
  date: string;
  total: number;
  started: number;
  inFlight: number;
  placed: number;
  answeredByHuman: number;
  voicemailLeft: number;
  noAnswer: number;
  busy: number;
  failed: number;
  skipped: Record<string, number>;
  done: boolean;
}

export interface CampaignRun {
  workflowId: string;
  runId: string;
  status: string;
  startedAt: string;
  progress: CampaignProgress;
}

export type CallbackStatus = 'waiting' | 'scheduled' | 'acting' | 'completed' | 'failed' | 'cancelled';

export interface Callback {
  callbackId: string;
  phone: string;
  name?: string;
  reason: string;
  notes?: string;
  requestedAt?: string;
  source: 'call' | 'rest';
  status: CallbackStatus;
  dueAt?: string;
  outcome?: string;
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
