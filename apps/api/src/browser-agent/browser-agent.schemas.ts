import { z } from 'zod';
import { e164 } from '../../../../libs/tools/src/tool-spec';
import { TenantQuery, TenantSlug } from '../common/tenant-slug';

export const SessionQuery = z.strictObject(TenantQuery);
export type SessionQuery = z.output<typeof SessionQuery>;

const MAX_LINK_MINUTES = 24 * 60;

export const CreateSessionLinkBody = z.strictObject({
  label: z.string().trim().min(1).max(100).describe('Whom the link is for, e.g. "Mike (crew 2)"'),
  phone: e164().optional().describe("The user's phone number: the conversations' caller number, for tools that call or text back"),
  ttlMinutes: z.number().int().min(5).max(MAX_LINK_MINUTES).default(8 * 60).describe('How long the link works: 5 minutes to 24 hours, 8 hours unless given'),
  tenant: TenantSlug.optional().describe('Required with an admin key'),
});
export type CreateSessionLinkBody = z.output<typeof CreateSessionLinkBody>;

export const SessionLinkIdParam = z.string().trim().min(1).max(64).describe('The id `POST /v1/session-links` returned');

export const CreatedSessionLinkView = z.object({
  id: z.string(),
  label: z.string(),
  phone: z.string().nullable(),
  prefix: z.string(),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  token: z.string().describe('The link token (`sb_link_…`): shown once, never stored'),
  url: z.string().describe('The browser agent opened with this link: PUBLIC_URL/client?link=<token>'),
});

const MediaEdgeConnection = z.object({
  type: z.literal('media-edge'),
  url: z.string().describe("The media-edge's /browser WebSocket"),
  token: z.string().describe('The stream token for its `start` frame (5 minutes)'),
});

const OpenAiWebRtcConnection = z.object({
  type: z.literal('openai-webrtc'),
  clientSecret: z.string().describe('An OpenAI Realtime ephemeral key (`ek_…`) with the session configured'),
  expiresAt: z.number().int().describe('When the client secret expires, seconds since the epoch'),
  callsUrl: z.string().describe('Where the browser posts its SDP offer (`Authorization: Bearer <clientSecret>`)'),
  greetingInstructions: z.string().describe('The first `response.create` instructions: the greeting, verbatim'),
});

export const BrowserSessionView = z.object({
  callSid: z.string().describe('The conversation: workflow call-<callSid>, like any call'),
  agent: z.object({ name: z.string(), brand: z.string() }),
  confirmTools: z.array(z.string()).describe('Tools the user confirms on screen before they run (the writes, when the tenant asks for that)'),
  connection: z.discriminatedUnion('type', [MediaEdgeConnection, OpenAiWebRtcConnection]),
});
export type BrowserSessionView = z.output<typeof BrowserSessionView>;
export type OpenAiWebRtcConnection = z.output<typeof OpenAiWebRtcConnection>;
