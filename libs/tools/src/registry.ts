import { z } from 'zod';
import { AUTO_SHOP_TOOLS } from './packs/auto-shop';
import { CORE_TOOLS } from './packs/core';
import { HOTEL_TOOLS } from './packs/hotel';
import { REAL_ESTATE_TOOLS } from './packs/real-estate';
import { REMINDER_TOOLS } from './packs/reminders';
import { ROOFING_TOOLS } from './packs/roofing';
import { unstorableText } from '../../text/src/storable-text';
import type { ToolPack, ToolSpec } from './tool-spec';

export const TOOL_SPECS = [...CORE_TOOLS, ...AUTO_SHOP_TOOLS, ...REAL_ESTATE_TOOLS, ...ROOFING_TOOLS, ...HOTEL_TOOLS, ...REMINDER_TOOLS] as const;

export type AnyToolSpec = (typeof TOOL_SPECS)[number];
export type ToolName = AnyToolSpec['name'];
export type ToolSpecOf<N extends ToolName> = Extract<AnyToolSpec, { name: N }>;
export type ToolArgs<N extends ToolName> = z.output<ToolSpecOf<N>['args']>;

const SPECS_BY_NAME = new Map<string, AnyToolSpec>(TOOL_SPECS.map((spec) => [spec.name, spec]));

export function findToolSpec(name: string): AnyToolSpec | undefined {
  return SPECS_BY_NAME.get(name);
}

export function toolsInPacks(packs: readonly string[]): AnyToolSpec[] {
  return TOOL_SPECS.filter((spec) => packs.includes(spec.pack));
}

export type ToolCallCheck =
  | { ok: true; name: ToolName; args: Record<string, unknown> }
  | { ok: false; reason: string };

/**
 * Everything the call workflow's `runTool` validator checks, in one place:
 * the tool exists, its pack is enabled for the tenant, the arguments parse.
 * The reason is written for the model, which reads it and corrects itself.
 */
export function checkToolCall(name: string, rawArgs: unknown, enabledPacks: readonly ToolPack[] | readonly string[]): ToolCallCheck {
  const spec = findToolSpec(name);
  // Quoted as JSON: a made-up name may hold anything, and a lone surrogate in an Update's failure would kill the worker.
  if (!spec) return { ok: false, reason: `Unknown tool ${JSON.stringify(name)}.` };
  if (!enabledPacks.includes(spec.pack)) {
    return { ok: false, reason: `Tool "${name}" is not available for this business.` };
  }
  // Text the tool could not write (NUL, a lone surrogate) is refused here, not by a failing activity.
  const issues: Array<{ path: PropertyKey[]; message: string }> = unstorableText(rawArgs);
  if (issues.length === 0) {
    const parsed = (spec.args as z.ZodObject).safeParse(rawArgs ?? {});
    if (parsed.success) return { ok: true, name: spec.name, args: parsed.data as Record<string, unknown> };
    issues.push(...parsed.error.issues);
  }
  const problems = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return { ok: false, reason: `Invalid arguments for "${name}": ${problems.join('; ')}.` };
}

/** The enabled tools the browser agent's user confirms on screen before they run: the writes, when the tenant asks for that. */
export function toolsToConfirm(packs: readonly string[], confirmWrites: boolean): string[] {
  return confirmWrites ? toolsInPacks(packs).filter((spec) => spec.effect === 'write').map((spec) => spec.name) : [];
}

/** Function tools for a Realtime `session.update`, from the same zod schemas. */
export function realtimeToolDefinitions(packs: readonly string[]) {
  return toolsInPacks(packs).map((spec: ToolSpec) => {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(spec.args, { io: 'input' }) as Record<string, unknown>;
    return { type: 'function' as const, name: spec.name, description: spec.description, parameters };
  });
}
