import { z } from 'zod';

/** Tools come in packs per vertical; a tenant's agent config enables packs. */
/** `reminders` is added to every outbound call's agent. */
export const TOOL_PACKS = ['core', 'auto_shop', 'real_estate', 'roofing', 'hotel', 'reminders'] as const;
export type ToolPack = (typeof TOOL_PACKS)[number];

/**
 * What the model sees of a tool and what the call workflow validates against.
 * Pure data (zod schemas): it is imported by the workflow sandbox, so it must
 * not reach I/O. The handler that runs it lives in activities/tools.
 */
export interface ToolSpec<Name extends string = string, Args extends z.ZodObject = z.ZodObject> {
  name: Name;
  pack: ToolPack;
  description: string;
  args: Args;
  execution: ToolExecutionKind;
  effect: ToolEffect;
}

/**
 * How the call workflow runs a tool (docs/tools.md). `fast`: it only touches
 * PostgreSQL and ends within a second, so it runs as a local activity inside
 * the Update's workflow task. `slow`: it reaches outside (Twilio, a text, a
 * payment link) or may take seconds, so it runs as a normal activity.
 */
export type ToolExecutionKind = 'fast' | 'slow';

/**
 * What a tool does to the business's records. `read`: it only looks things
 * up. `write`: it creates or changes something (a booking, a note, a
 * callback, a text), so a tenant may want the browser agent's user to confirm
 * it first (`AgentConfig.confirmWrites`). `call`: it steers the call itself
 * (transfer, hang up).
 */
export type ToolEffect = 'read' | 'write' | 'call';

export function defineTool<const Name extends string, Args extends z.ZodObject>(
  spec: ToolSpec<Name, Args>,
): ToolSpec<Name, Args> {
  return spec;
}

/** The one envelope every tool returns, to the model and to the workflow history. */
export type ToolResult<T = unknown> = { ok: true; data: T } | { ok: false; error: ToolErrorBody };
export interface ToolErrorBody {
  code: string;
  message: string;
  /** Extra facts the model can use, e.g. alternative slots when one is taken. */
  details?: unknown;
}

export const ok = <T>(data: T): ToolResult<T> => ({ ok: true, data });
export const fail = (code: string, message: string, details?: unknown): ToolResult<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Shared argument shapes, so every tool describes them the same way to the model. */
export const isoDate = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const localDateTime = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "expected local time as YYYY-MM-DDTHH:mm in the business's time zone");
export const e164 = () => z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number like +15551234567');
