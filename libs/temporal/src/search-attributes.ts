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

export const ALL_SEARCH_ATTRIBUTES = [TenantIdKey, CallSidKey, CallerNumberKey, DirectionKey, OutcomeKey, LeadScoreKey, AppointmentIdKey];
