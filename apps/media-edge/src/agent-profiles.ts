import type { Logger } from 'pino';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { greetingText, greetingTextHash } from '../../../libs/greetings/src/greeting-text';
import type { ToolDefinition } from '../../../libs/realtime/src/realtime-session';
import { realtimeToolDefinitions, toolsToConfirm } from '../../../libs/tools/src';
import type { OutboundBrief } from './outbound-brief';

/** Everything the bridge needs to know about a tenant's agent when a stream starts. */
export interface AgentProfile {
  tenantId: string;
  agentName: string;
  brand: string;
  /** The greeting template with {brand} and {agent} filled in. */
  greeting: string;
  voice: string;
  instructions: string;
  /** The enabled tools as the model is given them (JSON Schema), computed once per profile. */
  tools: ToolDefinition[];
  /** Tools a browser caller approves on screen before they run (the writes, when the tenant asks for that). */
  confirmTools: ReadonlySet<string>;
  recordingEnabled: boolean;
  /** The greeting as rendered by `render-greeting-<tenant>` in this voice (μ-law 8 kHz); absent: the model speaks it. */
  greetingAudio?: Buffer;
  timeZone: string;
  /** Calls we placed: what the agent calls about (`outboundProfile`). */
  outbound?: OutboundBrief;
}

/** How long a profile is used before it is read again (in the background: the call in hand does not wait). */
export const PROFILE_FRESH_FOR_MS = 10_000;

interface CachedProfile {
  profile: Promise<AgentProfile>;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * Agent profiles per tenant, read-only (only activities write). A stream
 * start takes the cached profile at once; once it is older than
 * `freshForMs` the next start triggers a reread and still uses the old one,
 * so a changed agent config or a newly rendered greeting reaches calls
 * within about that time. Only a tenant's first call waits for the database.
 */
export class AgentProfiles {
  private readonly cache = new Map<string, CachedProfile>();

  constructor(
    private readonly db: PrismaClient,
    private readonly log: Logger,
    private readonly freshForMs = PROFILE_FRESH_FOR_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(tenantId: string): Promise<AgentProfile> {
    const cached = this.cache.get(tenantId);
    if (!cached) return this.load(tenantId).profile;
    if (!cached.refreshing && this.now() - cached.loadedAt > this.freshForMs) this.refresh(tenantId, cached);
    return cached.profile;
  }

  private load(tenantId: string): CachedProfile {
    const entry: CachedProfile = { profile: readAgentProfile(this.db, tenantId), loadedAt: this.now(), refreshing: false };
    this.cache.set(tenantId, entry);
    // A failed first read is not cached: the next stream tries again.
    entry.profile.catch(() => this.cache.get(tenantId) === entry && this.cache.delete(tenantId));
    return entry;
  }

  private refresh(tenantId: string, cached: CachedProfile): void {
    cached.refreshing = true;
    readAgentProfile(this.db, tenantId).then(
      (profile) => this.cache.set(tenantId, { profile: Promise.resolve(profile), loadedAt: this.now(), refreshing: false }),
      (error: unknown) => {
        cached.refreshing = false;
        this.log.warn({ err: error, tenantId }, 'agent profile reread failed: calls keep the cached one');
      },
    );
  }
}

async function readAgentProfile(db: PrismaClient, tenantId: string): Promise<AgentProfile> {
  const [config, recordings] = await Promise.all([
    db.agentConfig.findUnique({
      where: { tenantId },
      select: {
        agentName: true,
        brand: true,
        greetingTemplate: true,
        voice: true,
        instructions: true,
        toolPacks: true,
        confirmWrites: true,
        recordingEnabled: true,
        timeZone: true,
      },
    }),
    db.greetingAudio.findMany({ where: { tenantId }, select: { voice: true, textHash: true, audio: true } }),
  ]);
  if (!config) throw new Error(`tenant ${tenantId} has no agent config`);
  const greeting = greetingText(config);
  const textHash = greetingTextHash(greeting);
  const recording = recordings.find((candidate) => candidate.voice === config.voice && candidate.textHash === textHash);
  return {
    tenantId,
    agentName: config.agentName,
    brand: config.brand,
    greeting,
    voice: config.voice,
    instructions: config.instructions,
    tools: realtimeToolDefinitions(config.toolPacks),
    confirmTools: new Set(toolsToConfirm(config.toolPacks, config.confirmWrites)),
    recordingEnabled: config.recordingEnabled,
    greetingAudio: recording ? Buffer.from(recording.audio) : undefined,
    timeZone: config.timeZone,
  };
}
