import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { PrismaClient } from '../libs/db/src/prisma';
import type { EncryptionKeyRing } from '../libs/encryption/src/key-ring';
import type { SpeechSynthesis } from '../libs/speech/src/speech-synthesis';
import type { Telephony } from '../libs/telephony/src/telephony';
import { createCallbackActivities } from './callbacks/callback-activities';
import { createCallRecordActivities } from './calls/call-record-activities';
import { createGreetingActivities } from './greetings/greeting-activities';
import { createCampaignActivities } from './campaigns/campaign-activities';
import { createContactCheckActivities, type ContactPolicy } from './consent/contact-check-activities';
import { createOutboundCallActivities, type OutboundCallSettings } from './outbound/outbound-call-activities';
import { createInboundSmsActivities } from './sms/inbound-sms-activities';
import { createSmsFollowUpActivities, type SmsFollowUpSettings } from './sms/sms-follow-up-activities';
import { LocalSummarizer } from './summary/local-summarizer';
import { OpenAiSummarizer } from './summary/openai-summarizer';
import { createSummaryActivities } from './summary/summary-activities';
import { createCloudSyncActivities, type CloudSyncSettings } from './sync/cloud-sync-activities';
import { TOOL_HANDLERS } from './tools/handlers';
import type { TenantProfiles } from './tools/tenant-profile';
import { createToolActivities } from './tools/tool-activities';
import { createTransferActivities } from './transfers/transfer-activities';

export interface ActivityDeps {
  db: PrismaClient;
  /** The tools' tenant profiles: a TenantProfileCache in the worker. */
  tenantProfiles: TenantProfiles;
  /** Set when OPENAI_API_KEY is: summaries come from the model, else from local rules. */
  openai?: OpenAI;
  /** Twilio (or its simulator); without it, transfers are recorded but not dialed and texts are skipped. */
  telephony?: Telephony;
  /** Renders the cached greetings; without it the model speaks every greeting. */
  speech?: SpeechSynthesis;
  summaryModel: string;
  realtimeModel: string;
  followUps: FollowUpSettings;
  /** The keys of the secrets the database holds (DATA_ENCRYPTION_KEY): without them a sealed CRM webhook secret does not open. */
  dataKeys: EncryptionKeyRing | undefined;
  /** Where activities warn about what an operator should fix. */
  log: Pick<Logger, 'warn'>;
  clock?: () => Date;
}

/** How the after-call and outbound work behaves: who may be contacted, SMS timing, CRM retries, outbound webhooks. */
export interface FollowUpSettings {
  contactPolicy: ContactPolicy;
  sms: SmsFollowUpSettings;
  crmSync: CloudSyncSettings;
  outbound: OutboundCallSettings;
}

/** Every activity the worker registers, built from real dependencies. */
export function createActivities(deps: ActivityDeps) {
  const summarizer = deps.openai ? new OpenAiSummarizer(deps.openai, deps.summaryModel) : new LocalSummarizer();
  return {
    ...createCallRecordActivities({ db: deps.db, realtimeModel: deps.realtimeModel }),
    ...createToolActivities({ db: deps.db, handlers: TOOL_HANDLERS, tenantProfiles: deps.tenantProfiles, clock: deps.clock }),
    ...createTransferActivities({ db: deps.db, telephony: deps.telephony }),
    ...createSummaryActivities({ db: deps.db, summarizer }),
    ...createContactCheckActivities({ db: deps.db, policy: deps.followUps.contactPolicy, clock: deps.clock }),
    ...createSmsFollowUpActivities({ db: deps.db, telephony: deps.telephony, settings: deps.followUps.sms, clock: deps.clock }),
    ...createInboundSmsActivities({ db: deps.db }),
    ...createGreetingActivities({ db: deps.db, speech: deps.speech }),
    ...createCallbackActivities({ db: deps.db, clock: deps.clock }),
    ...createOutboundCallActivities({ db: deps.db, telephony: deps.telephony, settings: deps.followUps.outbound, clock: deps.clock }),
    ...createCampaignActivities({ db: deps.db, clock: deps.clock }),
    ...createCloudSyncActivities({ db: deps.db, settings: deps.followUps.crmSync, dataKeys: deps.dataKeys, log: deps.log, clock: deps.clock }),
  };
}

export type CallActivities = ReturnType<typeof createActivities>;
