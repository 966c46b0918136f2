import type OpenAI from 'openai';
import type { PrismaClient } from '../libs/db/src/prisma';
import type { Telephony } from '../libs/telephony/src/telephony';
import { createCallRecordActivities } from './calls/call-record-activities';
import { LocalSummarizer } from './summary/local-summarizer';
import { OpenAiSummarizer } from './summary/openai-summarizer';
import { createSummaryActivities } from './summary/summary-activities';
import { TOOL_HANDLERS } from './tools/handlers';
import { createToolActivities } from './tools/tool-activities';
import { createTransferActivities } from './transfers/transfer-activities';

export interface ActivityDeps {
  db: PrismaClient;
  /** Set when OPENAI_API_KEY is: summaries come from the model, else from local rules. */
  openai?: OpenAI;
  /** Twilio (or its simulator); without it, transfers are recorded but not dialed. */
  telephony?: Telephony;
  summaryModel: string;
  realtimeModel: string;
  clock?: () => Date;
}

/** Every activity the worker registers, built from real dependencies. */
export function createActivities(deps: ActivityDeps) {
  const summarizer = deps.openai ? new OpenAiSummarizer(deps.openai, deps.summaryModel) : new LocalSummarizer();
  return {
    ...createCallRecordActivities({ db: deps.db, realtimeModel: deps.realtimeModel }),
    ...createToolActivities({ db: deps.db, handlers: TOOL_HANDLERS, clock: deps.clock }),
    ...createTransferActivities({ db: deps.db, telephony: deps.telephony }),
    ...createSummaryActivities({ db: deps.db, summarizer }),
  };
}

export type CallActivities = ReturnType<typeof createActivities>;
