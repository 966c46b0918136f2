import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Everything an admin filters calls by in the Temporal UI. Registered with the
// dev server at start (libs/infra) and kept current by the call and outbound-call workflows.
export const TenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const CallSidKey = defineSearchAttributeKey('CallSid', SearchAttributeType.KEYWORD);
export const CallerNumberKey = defineSearchAttributeKey('CallerNumber', SearchAttributeType.KEYWORD);
export const DirectionKey = defineSearchAttributeKey('Direction', SearchAttributeType.KEYWORD);
export const OutcomeKey = defineSearchAttributeKey('Outcome', SearchAttributeType.KEYWORD);
export const LeadScoreKey = defineSearchAttributeKey('LeadScore', SearchAttributeType.INT);
/** The appointment an outbound reminder call is about. */
export const AppointmentIdKey = defineSearchAttributeKey('AppointmentId', SearchAttributeType.KEYWORD);

/** The local day a reminder campaign run calls about (YYYY-MM-DD). */
export const CampaignDateKey = defineSearchAttributeKey('CampaignDate', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [TenantIdKey, CallSidKey, CallerNumberKey, DirectionKey, OutcomeKey, LeadScoreKey, AppointmentIdKey, CampaignDateKey];

/** Built in: when a Schedule meant to start the run (a backfill's past time, or now for a trigger). */
export const ScheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);
